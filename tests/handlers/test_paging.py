"""Pickers show every choice, a page at a time, with 更多."""

from bot.domain.workflow import Role
from storage import directory
from tests.handlers.harness import member


async def test_the_station_picker_reaches_every_station(session, services):
    async with services.db.read() as tx:
        names = {s.name for s in await directory.stations_in(tx, "dalad")}
    assert len(names) > 12  # more than one page
    chat = session.chat(8601)
    await chat.send("/order")
    await chat.press("达拉特旗")
    first = chat.labels()
    assert len(first) == 13 and first[-1] == f"更多 ▸（已列 12/{len(names)}）"
    shown = len(chat.messages())
    await chat.press(first[-1])
    second = chat.labels()
    assert second[-1] == "◂ 上一页" and len(chat.messages()) == shown  # the same message
    assert set(first[:-1]) | set(second[:-1]) == names
    last = second[0]
    await chat.press(last)
    assert "描述您的需求" in chat.last_text()
    async with services.db.read() as tx:
        stations = await directory.stations_in(tx, "dalad")
    picked = next(s for s in stations if s.name == last)
    assert session.application.user_data[8601]["draft"]["station_id"] == picked.id


async def test_typing_filters_and_paging_keeps_the_filter(session, services):
    async with services.db.transaction() as tx:
        for n in range(14):
            village = f"dalad-bainijing-t{n:02d}"
            name = f"白泥井镇测试村{n:02d}（示例）"
            station = directory.Station(village, "dalad", name, "新时代文明实践站", "村")
            await directory.upsert_station(tx, station)
    chat = session.chat(8602)
    await chat.send("/order")
    await chat.press("达拉特旗")
    await chat.send("白泥井")
    first = chat.labels()
    assert first[-1] == "更多 ▸（已列 12/15）"
    await chat.press(first[-1])
    second = chat.labels()[:-1]
    assert len(second) == 3 and all("白泥井" in label for label in first[:-1] + second)


async def test_the_invite_picker_pages_through_every_agency(session, services):
    boss = await member(session, services, 8611, Role.coordinator, "dalad", "科协")
    agencies = {a.name for a in services.catalog.registries["dalad"].agencies}
    await boss.send("/invite")
    await boss.press("部门联络员")
    first = boss.labels()
    assert first[-1] == f"更多 ▸（已列 20/{len(agencies)}）"
    await boss.press(first[-1])
    second = boss.labels()
    assert set(first[:-1]) | set(second[:-1]) == agencies
    await boss.press(second[0])
    assert f"部门联络员邀请（{second[0]}）" in boss.last_text()
