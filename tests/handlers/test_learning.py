"""Stations teach the router: each dispatch keeps its suggestion beside the station's choice."""

import io
import json

from bot.domain.workflow import Role
from catalog.disagreements import write_cases
from storage.learning import agreement, dispatch_choices
from tests.handlers.harness import cards, member, order_id_of, submitted_order


async def test_disagreements_are_written_as_bench_cases_and_stats_show_agreement(session, services):
    station = await member(session, services, 7701, Role.station, "dalad-shulinzhao", "阵地")
    boss = await member(session, services, 7702, Role.coordinator, "dalad", "科协")
    await submitted_order(session)  # 羊病防治: the router suggests 旗农牧局
    first = await order_id_of(services, cards(session, station, "新订单待派单")[-1])
    await submitted_order(session)
    second = await order_id_of(services, cards(session, station, "新订单待派单")[-1])
    await services.orders.dispatch(first, station.user_id)  # as suggested
    health = services.catalog.resolve("dalad", "旗卫生健康委员会")
    await services.orders.dispatch(second, station.user_id, agency_id=health.id)  # overruled

    async with services.db.read() as tx:
        choices = await dispatch_choices(tx, "dalad")
        assert await agreement(tx, "dalad") == (1, 2)
    farming = services.catalog.resolve("dalad", "旗农牧局")
    assert [c.suggested_agency for c in choices] == [farming.id, farming.id]
    out = io.StringIO()
    assert write_cases(choices, out) == (1, 2)
    case = json.loads(out.getvalue())
    assert case["leads"] == ["旗卫生健康委员会"] and case["router_suggested"] == farming.name
    assert case["tasks"] == ["farmers.3"] and case["actions"] == ["farmers"]
    assert case["text"] == "嘎查想请人讲讲羊病防治"

    sent = await boss.send("/stats")
    assert any("阵地派单与系统建议的部门一致：1/2（50%）" in s.text for s in sent)


async def test_an_unclassified_request_tells_the_station_why(session, services):
    station = await member(session, services, 7703, Role.station, "dalad-shulinzhao", "阵地")
    resident = session.chat(6301, "王大姐")
    await resident.send("/order")
    await resident.press("达拉特旗")
    await resident.press("树林召镇新时代文明实践所")
    await resident.send("低价出售保健品，科技新品，欢迎来电订购")
    await resident.press("其他 / 不确定（交阵地分派）")
    await resident.send("老人")
    await resident.send("10")
    await resident.press("下周")
    await resident.send("跳过")
    await resident.press("✅ 提交")
    card = cards(session, station, "新订单待派单")[-1].text
    assert "系统提示：像是推销或广告，不是科普服务需求" in card
    await resident.send("/my")
    await resident.press(resident.labels()[0])  # the resident's own details
    assert "系统提示" not in resident.last_text()
