"""What people do, and the updates the bot gets from it."""

import pytest

from handlers.telegram.emulator import Emulator
from handlers.telegram.emulator.people import command_entities
from tests.handlers.emulator.conftest import BOT, TOKEN, png, started


def _updates(emu):
    return emu.updates.pending


def test_commands_in_a_text_get_entities_counted_in_utf16():
    assert command_entities("/start abc") == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert command_entities("🐑 /help@kepu_bot now") == [
        {"type": "bot_command", "offset": 3, "length": 14}
    ]
    assert command_entities("2026/03/05 其他 / 不确定 a/b") == []


def test_saying_something_delivers_a_message_update(emu):
    emu.people.user(5, "王大姐", language_code="zh-hans")
    update_id = emu.people.say(5, "/order")
    (update,) = _updates(emu)
    message = update["message"]
    assert update["update_id"] == update_id
    assert message["from"]["first_name"] == "王大姐" and message["chat"]["type"] == "private"
    assert message["entities"][0]["type"] == "bot_command"
    assert emu.messages(5, from_bot=False)[0].text == "/order"


def test_a_start_link_sends_its_payload_and_bad_payloads_are_impossible(emu):
    emu.people.open_link(5, f"https://t.me/{BOT.username}?start=INV_abc-1")
    assert _updates(emu)[-1]["message"]["text"] == "/start INV_abc-1"
    with pytest.raises(ValueError):
        emu.people.start(5, "有空格 的")
    with pytest.raises(ValueError):
        emu.people.open_link(5, "https://t.me/another_bot?start=x")


def test_sharing_ones_contact_and_tapping_the_share_button(emu):
    emu.people.user(5, "王大姐", phone="+8613812345678")
    emu.people.share_contact(5)
    contact = _updates(emu)[-1]["message"]["contact"]
    assert contact == {"phone_number": "+8613812345678", "first_name": "王大姐", "user_id": 5}
    emu.world.private_chat(5).keyboard = {
        "keyboard": [[{"text": "分享手机号", "request_contact": True}], [{"text": "跳过"}]]
    }
    emu.people.tap(5, "分享手机号")
    assert _updates(emu)[-1]["message"]["contact"]["user_id"] == 5
    emu.people.tap(5, "跳过")
    assert _updates(emu)[-1]["message"]["text"] == "跳过"
    with pytest.raises(ValueError):
        emu.people.tap(5, "没有这个按钮")
    with pytest.raises(ValueError):
        emu.people.share_contact(6)  # no phone to share


def test_a_photo_from_a_user_gets_a_file_id(emu):
    emu.people.send_photo(5, png(8, 6), caption="现场")
    message = _updates(emu)[-1]["message"]
    assert message["photo"][-1]["width"] == 8 and message["caption"] == "现场"
    assert emu.files.get(message["photo"][-1]["file_id"]).content == png(8, 6)
    with pytest.raises(ValueError):
        emu.people.send_photo(5, b"not a picture")


async def test_a_press_is_on_a_real_button_and_gives_the_query_id(emu):
    started(emu, 5)
    card = {"inline_keyboard": [[{"text": "接单", "callback_data": "o:accept:1"}]]}
    await emu.api.call("sendMessage", {"chat_id": 5, "text": "先到先得", "reply_markup": card})
    shown = emu.last(5)
    query_id = emu.people.press_label(5, shown, "接单")
    press = _updates(emu)[-1]["callback_query"]
    assert press["id"] == query_id and press["data"] == "o:accept:1"
    assert press["message"]["message_id"] == shown.message_id
    assert emu.answer(query_id) is None  # not answered yet
    with pytest.raises(ValueError):
        emu.people.press(5, shown, "o:other")


def test_a_press_on_a_message_the_chat_lost_reports_it_inaccessible(emu):
    emu.people.start(5)
    press = emu.people.callback(5, 5, 42, "o:accept:1")["callback_query"]
    assert press["message"] == {"chat": press["message"]["chat"], "message_id": 42, "date": 0}


def test_in_privacy_mode_a_group_shows_the_bot_commands_replies_and_mentions_only(emu):
    group = emu.groups.create("服务队群", [5, 6])
    kinds = [next(k for k in u if k != "update_id") for u in _updates(emu)]
    assert kinds == ["my_chat_member"]  # the bot was added
    assert emu.people.say(5, "大家好", group.id) is None
    assert emu.people.say(5, "/link", group.id) is not None
    assert emu.people.say(5, "/link@someone_else_bot", group.id) is None
    assert emu.people.say(5, f"@{BOT.username} 在吗", group.id) is not None
    assert len(emu.messages(group.id, from_bot=None)) == 4  # the group saw everything
    with pytest.raises(ValueError):
        emu.people.say(7, "/link", group.id)  # not a member
    emu.groups.join(group.id, 7)
    assert "new_chat_members" in _updates(emu)[-1]["message"]
    assert emu.people.say(7, "/link", group.id) is not None


def test_without_privacy_mode_the_bot_sees_all_group_messages():
    emu = Emulator(TOKEN, privacy_mode=False)
    group = emu.groups.create("服务队群", [5])
    assert emu.people.say(5, "大家好", group.id) is not None


def test_blocking_tells_the_bot_and_stops_the_user_writing_until_unblocked(emu):
    emu.people.start(5)
    emu.people.block(5)
    status = _updates(emu)[-1]["my_chat_member"]["new_chat_member"]["status"]
    assert status == "kicked"
    with pytest.raises(ValueError):
        emu.people.say(5, "你好")
    emu.people.unblock(5)
    assert _updates(emu)[-1]["my_chat_member"]["new_chat_member"]["status"] == "member"
    assert emu.people.say(5, "你好") is not None
