"""Sending, editing, answering presses and chat actions, called on the core directly."""

import pytest

from handlers.telegram.emulator.errors import NOT_MODIFIED, QUERY_INVALID, ApiError
from tests.handlers.emulator.conftest import started

CARD = {"inline_keyboard": [[{"text": "派单", "callback_data": "o:dispatch:1"}]]}


async def _refusal(emu, method, **params):
    with pytest.raises(ApiError) as refused:
        await emu.api.call(method, params)
    return refused.value


async def test_a_sent_message_shows_in_its_chat_with_its_buttons(emu):
    started(emu, 5)
    sent = await emu.api.call("sendMessage", {"chat_id": 5, "text": "新订单", "reply_markup": CARD})
    assert sent["chat"]["id"] == 5 and sent["from"]["is_bot"]
    assert sent["reply_markup"] == CARD
    shown = emu.last(5)
    assert (shown.message_id, shown.text, shown.buttons) == (
        sent["message_id"],
        "新订单",
        [("派单", "o:dispatch:1")],
    )


async def test_text_and_buttons_beyond_telegrams_limits_are_refused(emu):
    started(emu, 5)
    too_long = await _refusal(emu, "sendMessage", chat_id=5, text="羊" * 4097)
    assert too_long.description == "Bad Request: message is too long"
    empty = await _refusal(emu, "sendMessage", chat_id=5, text=" ")
    assert empty.description == "Bad Request: message text is empty"
    data = {"inline_keyboard": [[{"text": "a", "callback_data": "x" * 65}]]}
    refused = await _refusal(emu, "sendMessage", chat_id=5, text="a", reply_markup=data)
    assert refused.description == "Bad Request: BUTTON_DATA_INVALID"
    assert len(emu.messages(5)) == 0  # nothing refused is shown


async def test_an_edit_that_changes_nothing_is_refused_and_one_that_does_applies(emu):
    started(emu, 5)
    sent = await emu.api.call("sendMessage", {"chat_id": 5, "text": "卡片", "reply_markup": CARD})
    same = {"chat_id": 5, "message_id": sent["message_id"], "text": "卡片", "reply_markup": CARD}
    refused = await _refusal(emu, "editMessageText", **same)
    assert refused.description == NOT_MODIFIED
    # Without reply_markup the buttons go: that is a change.
    edited = await emu.api.call("editMessageText", {**same, "reply_markup": None})
    assert "reply_markup" not in edited and edited["edit_date"]
    shown = emu.last(5)
    assert shown.buttons == [] and shown.edits == 1
    markup = {"chat_id": 5, "message_id": sent["message_id"], "reply_markup": {}}
    again = await _refusal(emu, "editMessageReplyMarkup", **markup)
    assert again.description == NOT_MODIFIED
    await emu.api.call("editMessageReplyMarkup", {**markup, "reply_markup": CARD})
    assert shown.buttons == [("派单", "o:dispatch:1")] and shown.edits == 2


async def test_edits_need_a_message_of_the_bot_with_text(emu):
    started(emu, 5)
    missing = await _refusal(emu, "editMessageText", chat_id=5, message_id=99, text="x")
    assert missing.description == "Bad Request: message to edit not found"
    users = emu.messages(5, from_bot=False)[0]  # the user's own /start
    theirs = await _refusal(
        emu, "editMessageText", chat_id=5, message_id=users.message_id, text="x"
    )
    assert theirs.description == "Bad Request: message can't be edited"
    no_id = await _refusal(emu, "editMessageText", chat_id=5, text="x")
    assert no_id.description == "Bad Request: message identifier is not specified"


async def test_a_press_is_answered_once_and_only_in_time(emu, clock):
    started(emu, 5)
    await emu.api.call("sendMessage", {"chat_id": 5, "text": "卡片", "reply_markup": CARD})
    query = emu.people.press(5, emu.last(5), "o:dispatch:1")
    assert await emu.api.call("answerCallbackQuery", {"callback_query_id": query, "text": "已办理"})
    assert emu.answer(query).text == "已办理"
    twice = await _refusal(emu, "answerCallbackQuery", callback_query_id=query)
    assert twice.description == QUERY_INVALID
    late = emu.people.press(5, emu.last(5), "o:dispatch:1")
    clock.advance(16)
    assert (await _refusal(emu, "answerCallbackQuery", callback_query_id=late)).code == 400
    unknown = await _refusal(emu, "answerCallbackQuery", callback_query_id="123")
    assert unknown.description == QUERY_INVALID


async def test_an_answer_is_at_most_200_characters_and_may_be_an_alert(emu):
    started(emu, 5)
    await emu.api.call("sendMessage", {"chat_id": 5, "text": "卡片", "reply_markup": CARD})
    query = emu.people.press(5, emu.last(5), "o:dispatch:1")
    long = await _refusal(emu, "answerCallbackQuery", callback_query_id=query, text="字" * 201)
    assert long.description == "Bad Request: MESSAGE_TOO_LONG"
    params = {"callback_query_id": query, "text": "无权限", "show_alert": True}
    await emu.api.call("answerCallbackQuery", params)
    assert emu.answer(query).show_alert


async def test_a_reply_must_find_its_message_unless_told_otherwise(emu):
    started(emu, 5)
    refused = await _refusal(
        emu, "sendMessage", chat_id=5, text="答", reply_parameters={"message_id": 99}
    )
    assert refused.description == "Bad Request: message to be replied not found"
    lenient = {"message_id": 99, "allow_sending_without_reply": True}
    sent = await emu.api.call(
        "sendMessage", {"chat_id": 5, "text": "答", "reply_parameters": lenient}
    )
    assert "reply_to_message" not in sent
    sent = await emu.api.call("sendMessage", {"chat_id": 5, "text": "答", "reply_to_message_id": 1})
    assert sent["reply_to_message"]["text"] == "/start"


async def test_a_reply_keyboard_stays_with_the_chat_until_removed(emu):
    started(emu, 5)
    keyboard = {"keyboard": [[{"text": "分享手机号", "request_contact": True}]]}
    await emu.api.call("sendMessage", {"chat_id": 5, "text": "电话？", "reply_markup": keyboard})
    assert emu.chat(5).keyboard["keyboard"][0][0]["request_contact"]
    assert emu.view(5)["messages"][-1]["buttons"] == []  # not an inline keyboard
    removal = {"remove_keyboard": True}
    await emu.api.call("sendMessage", {"chat_id": 5, "text": "好的", "reply_markup": removal})
    assert emu.chat(5).keyboard is None


async def test_a_chat_action_is_checked_and_shown(emu):
    started(emu, 5)
    assert await emu.api.call("sendChatAction", {"chat_id": 5, "action": "typing"})
    assert emu.view(5)["action"] == "typing"
    wrong = await _refusal(emu, "sendChatAction", chat_id=5, action="dancing")
    assert wrong.description == "Bad Request: wrong parameter action in request"
