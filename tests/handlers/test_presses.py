"""A press is answered once, whatever follows it; edits that change nothing are no error."""

from datetime import timedelta

import pytest
from telegram.error import BadRequest

from bot.workflow import Role
from tests.handlers.harness import cards, member, submitted_order


async def _delivered(session, services):
    """An order served by the team and waiting for the resident's stars."""
    station = await member(session, services, 7101, Role.station, "dalad-shulinzhao", "阵地")
    agency_id = services.catalog.resolve("dalad", "旗农牧局").id
    agency = await member(session, services, 7102, Role.agency, agency_id, "农牧局")
    team = await member(session, services, 7103, Role.team_leader, "dalad-agri", "一队")
    resident = await submitted_order(session)
    order_id = int(cards(session, station, "新订单待派单")[-1].buttons[0][1].split(":")[2])
    orders = services.orders
    await orders.dispatch(order_id, station.user_id)
    await orders.claim(order_id, agency.user_id)
    await orders.publish(order_id, agency.user_id)
    await orders.accept(order_id, team.user_id)
    await orders.propose_time(order_id, team.user_id, services.clock.now() + timedelta(days=1))
    await orders.confirm_time(order_id, resident.user_id)
    services.clock.advance(days=2)
    report = {"date": "2026-03-03", "attendance": 30, "hours": 2, "volunteers": 3}
    await orders.report_done(order_id, team.user_id, report)
    await session.application.bot_data["sender"].drain()
    return resident, station


async def test_five_stars_then_the_comment_question_is_one_answer(session, services):
    resident, _ = await _delivered(session, services)
    await resident.press("评价")
    sent = await resident.press("⭐⭐⭐⭐⭐")
    assert resident.answers(sent) == ["已办理：DLT-2026-000001 已办结"]
    assert "想补充几句评价吗" in resident.last_text()
    assert not [s for s in session.request.calls if "抱歉" in s.text]
    assert "⭐⭐⭐⭐⭐" not in resident.labels()  # the stars are gone from the picker


async def test_the_fake_network_refuses_a_second_answer_and_idle_edits(session):
    bot = session.application.bot
    assert await bot.answer_callback_query("q-1")
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query("q-1")
    sent = await bot.send_message(7901, "卡片")
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("卡片", chat_id=7901, message_id=sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("别的", chat_id=7901, message_id=sent.message_id + 99)
    await bot.edit_message_text("改过的卡片", chat_id=7901, message_id=sent.message_id)
    assert [m.text for m in session.chat(7901).messages()] == ["改过的卡片"]


async def test_two_actions_from_one_queue_list_and_a_double_tap(session, services):
    station = await member(session, services, 7101, Role.station, "dalad-shulinzhao", "阵地")
    await submitted_order(session)
    await submitted_order(session)
    await station.send("/queue")
    assert "DLT-2026-000001" in station.last_text() and "DLT-2026-000002" in station.last_text()

    sent = await station.press("派给建议部门", row="DLT-2026-000001")
    assert station.answers(sent) == ["已办理：DLT-2026-000001 待领单"]
    listed = [label for row in station.showing("待办").rows for label, _ in row]
    assert "DLT-2026-000001 详情" not in listed  # that order's row left the list
    assert "DLT-2026-000002 详情" in listed

    # The same list again, pressed twice before the first edit arrived (a double tap).
    first = station.press_update("派给建议部门", row="DLT-2026-000002")
    second = station.press_update("派给建议部门", row="DLT-2026-000002")
    sent = await session.feed(first, station.user_id)
    assert station.answers(sent) == ["已办理：DLT-2026-000002 待领单"]
    sent = await session.feed(second, station.user_id)
    assert station.answers(sent) == ["您已办理过这一步：该订单当前待领单"]
    assert station.showing("待办").rows == []
    edits = [c for c in session.request.calls if c.method == "editMessageReplyMarkup"]
    assert len(edits) == 3  # the double tap's edit was refused as not modified, quietly
    assert not [s for s in session.request.calls if "抱歉" in s.text]
