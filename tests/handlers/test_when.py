"""Dates typed in plain Chinese in chat, read against the fake clock: Monday 2 March 2026,
17:00 in Beijing. Each reading is echoed; what cannot be read for certain is refused."""

import re
from datetime import timedelta

import pytest

from bot.domain.workflow import Role
from storage import orders
from tests.handlers.harness import cards, member, submitted_order


async def _until_when(chat):
    await chat.send("/order")
    await chat.press("达拉特旗")
    await chat.press("树林召镇新时代文明实践所")
    await chat.send("嘎查想请人讲讲羊病防治")
    await chat.press(chat.labels()[0])
    await chat.send("本嘎查牧民")
    await chat.send("40")
    assert "希望什么时候" in chat.last_text()


async def test_a_resident_types_the_day_instead_of_pressing(session, services):
    chat = session.chat(8101, "王大姐")
    await _until_when(chat)
    await chat.send("下周三上午")  # typed where buttons were offered: taken all the same
    assert chat.last_text().startswith("好的，期望时间：2026-03-11（周三）上午。")
    assert "联系电话" in chat.last_text()
    await chat.send("跳过")
    assert "时间：2026-03-11（周三）上午" in chat.last_text()  # the summary
    await chat.press("✅ 提交")
    async with services.db.read() as tx:
        [order] = await orders.find(tx, "resident_id = ?", (8101,))
    assert (order.preferred_from, order.preferred_to) == ("2026-03-11", "2026-03-11")


async def test_a_resident_picks_a_date_and_bad_ones_are_refused_with_reasons(session):
    chat = session.chat(8102)
    await _until_when(chat)
    await chat.press("指定日期")
    prompt = chat.last_text()
    assert "3月22日" in prompt and "2026-04-01" in prompt  # examples from today, ahead of it
    await chat.send("11月30日周六")
    assert "2026-11-30（周一）是周一，不是周六" in chat.last_text()
    await chat.send("2026-02-28")
    assert "已经过去" in chat.last_text()
    await chat.send("明天下午3点")
    assert chat.last_text().startswith("好的，期望时间：2026-03-03 15:00（周二）。")


async def test_text_at_the_when_buttons_that_is_no_date_explains_them(session):
    chat = session.chat(8103)
    await _until_when(chat)
    await chat.send("越快越好")
    assert "请点上面的按钮选择希望的时间" in chat.last_text() and "/cancel" in chat.last_text()
    assert "下周" in chat.labels()
    await chat.send("下周")  # the button's word, typed
    assert "联系电话" in chat.last_text()


async def _accepted(session, services):
    station = await member(session, services, 8201, Role.station, "dalad-shulinzhao", "阵地")
    agency_id = services.catalog.resolve("dalad", "旗农牧局").id
    agency = await member(session, services, 8202, Role.agency, agency_id, "农牧局")
    team = await member(session, services, 8203, Role.team_leader, "dalad-agri", "一队")
    mate = await member(session, services, 8204, Role.team_member, "dalad-agri", "队员")
    resident = await submitted_order(session)
    await station.press("派给建议部门")
    await agency.press("领单")
    await agency.press("发布给匹配的服务队（1 支）")
    await team.press("接单")
    return resident, team, mate


async def test_a_team_proposes_in_plain_chinese_and_is_told_it_went_to_the_resident(
    session, services
):
    resident, team, mate = await _accepted(session, services)
    await team.press("约定时间")
    assert "约定的时间" in team.last_text() and "下周三上午" in team.last_text()
    await team.send("3点")
    assert "是上午还是下午" in team.last_text()
    await team.send("今天下午三点")
    assert "已经过去" in team.last_text()  # it is 17:00 already
    await team.send("下周三上午")
    reply = team.showing("已办理").text
    assert reply.startswith("已办理：DLT-2026-000001 已接单")
    assert "2026-03-11 09:00（周三）（“上午”按 09:00 计" in reply and "已发给居民" in reply
    card = cards(session, resident, "服务队提议的时间")[-1]
    assert "2026-03-11 09:00（周三）" in card.text
    assert cards(session, mate, "已向居民提议时间：2026-03-11 09:00（周三）")  # the team hears


async def test_the_example_a_refusal_gives_can_be_typed_as_it_stands(session, services):
    _, team, _ = await _accepted(session, services)
    await team.press("约定时间")
    await team.send("下周三")
    refusal = team.last_text()
    assert "请写上几点" in refusal
    example = re.search(r"例如“([^”]+)”", refusal)
    assert example and example.group(1) == "2026-03-11（周三）下午三点"
    await team.send(example.group(1))
    assert "2026-03-11 15:00（周三）" in team.showing("已办理").text


async def _scheduled(session, services, days):
    resident, team, _ = await _accepted(session, services)
    await team.press("约定时间")
    when = services.clock.now() + timedelta(days=days)
    await team.send(when.astimezone().strftime("%Y-%m-%d") + " 15:00")
    await resident.press("确认时间")
    return resident, team


async def test_a_report_begun_before_the_agreed_time_is_marked_early(session, services):
    _, team = await _scheduled(session, services, days=3)
    await team.press("报告完成")
    assert "约定的服务时间是 2026-03-05 15:00（周四），还没到" in team.last_text()
    await team.send("今天")
    assert team.last_text().startswith("服务日期：2026-03-02（周一）（提前完成）。")
    for answer in ("30", "2", "3"):
        await team.send(answer)
    assert "哪些队员参加了这次服务" in team.last_text()
    await team.press("确定")  # the reporter, ticked to begin with
    await team.send("提前讲了一场")
    view = await services.orders.view(1, team.user_id)
    assert view.order.state == "done" and view.order.report["early"] is True


@pytest.mark.parametrize("word", ["提前完成", "Early "])  # the word in either language
async def test_a_report_dated_before_the_agreed_day_needs_the_word(session, services, word):
    _, team = await _scheduled(session, services, days=1)
    services.clock.advance(days=3)
    await team.press("报告完成")
    assert "服务日期" in team.last_text() and "还没到" not in team.last_text()
    await team.send("3月2日")
    assert "早于约定的 2026-03-03 15:00（周二）" in team.last_text()
    await team.send("明天")
    assert "不能晚于今天" in team.last_text()
    await team.send(word)
    assert team.last_text().startswith("服务日期：2026-03-02（周一）（提前完成）。")
    assert "多少人" in team.last_text()
