"""python-telegram-bot's Bot over the in-process request: Telegram's answers become
python-telegram-bot's exceptions, exactly as over HTTP."""

import asyncio

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, ChatMigrated, Conflict, Forbidden, InvalidToken, RetryAfter

from handlers.telegram.emulator import Emulator, InProcessRequest, RateLimits
from tests.handlers.emulator.conftest import TOKEN, png, seconds, started


def _card():
    return InlineKeyboardMarkup([[InlineKeyboardButton("派单", callback_data="o:dispatch:1")]])


async def test_send_then_an_idle_edit_is_a_bad_request(emu, bot):
    started(emu, 5)
    sent = await bot.send_message(5, "卡片", reply_markup=_card())
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "o:dispatch:1"
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "卡片", chat_id=5, message_id=sent.message_id, reply_markup=_card()
        )
    # An empty keyboard (python-telegram-bot sends it as {}) removes the buttons.
    await bot.edit_message_text(
        "卡片", chat_id=5, message_id=sent.message_id, reply_markup=InlineKeyboardMarkup([])
    )
    assert emu.last(5).buttons == []


async def test_a_second_poller_is_a_conflict(emu, bot):
    first = asyncio.create_task(bot.get_updates(timeout=30))
    await asyncio.sleep(0.01)
    second = asyncio.create_task(bot.get_updates(timeout=30))
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await asyncio.wait_for(first, 2)
    emu.people.start(5)
    (update,) = await asyncio.wait_for(second, 2)
    assert update.message.text == "/start"


async def test_throttled_blocked_and_moved_chats_raise_what_the_bot_catches(emu, bot):
    started(emu, 5)
    emu.limits = RateLimits(private_burst=1)
    await bot.send_message(5, "一")
    with pytest.raises(RetryAfter) as throttled:
        await bot.send_message(5, "二")
    assert seconds(throttled.value.retry_after) == 1
    emu.limits = None
    emu.people.block(5)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(5, "三")
    group = emu.groups.create("服务队群", [6])
    new_id = emu.groups.migrate(group.id)
    with pytest.raises(ChatMigrated) as moved:
        await bot.send_message(group.id, "通知")
    assert moved.value.new_chat_id == new_id


async def test_a_photo_is_uploaded_and_downloaded_again(emu, bot):
    started(emu, 5)
    picture = png(5, 4)
    sent = await bot.send_photo(5, InputFile(picture, filename="现场.png"), caption="现场")
    photo = sent.photo[-1]
    assert (photo.width, photo.height) == (5, 4)
    found = await bot.get_file(photo.file_id)
    assert bytes(await found.download_as_bytearray()) == picture
    again = await bot.send_photo(5, photo.file_id)
    assert again.photo[-1].file_id == photo.file_id


async def test_a_document_and_the_file_a_user_sent(emu, bot):
    started(emu, 5)
    sent = await bot.send_document(5, InputFile(b"a,b\n1,2\n", filename="报表.csv"))
    assert sent.document.file_name == "报表.csv"
    emu.people.send_photo(5, png(3, 3))
    from_user = emu.messages(5, from_bot=False)[-1].photo.file_id
    found = await bot.get_file(from_user)
    assert bytes(await found.download_as_bytearray()) == png(3, 3)


async def test_a_bot_with_another_token_is_refused():
    emu = Emulator(TOKEN)
    from telegram import Bot

    stranger = Bot("999:not_this_bots_token", request=InProcessRequest(emu))
    with pytest.raises(InvalidToken):
        await stranger.get_me()
