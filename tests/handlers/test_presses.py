"""A press is answered once, whatever follows it; edits that change nothing are no error."""

import pytest
from telegram.error import BadRequest

from bot.domain.workflow import Role
from tests.handlers.harness import delivered_order, member, submitted_order


async def test_five_stars_then_the_comment_question_is_one_answer(session, services):
    resident = (await delivered_order(session, services)).resident
    await resident.press("评价")
    sent = await resident.press("⭐⭐⭐⭐⭐")
    assert resident.answers(sent) == ["已办理：DLT-2026-000001 已办结"]
    assert "想补充几句评价吗" in resident.last_text()
    assert not [s for s in session.request.calls if "抱歉" in s.text]
    assert "⭐⭐⭐⭐⭐" not in resident.labels()  # the stars are gone from the picker


async def test_the_fake_network_refuses_a_second_answer_and_idle_edits(session):
    bot = session.application.bot
    press = session.request.emulator.people.callback(7901, 7901, None, "x")
    query_id = press["callback_query"]["id"]
    assert await bot.answer_callback_query(query_id)
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)
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
