"""The emulator over real HTTP: python-telegram-bot's own Bot, and plain requests in
every shape Telegram accepts."""

import asyncio

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, Conflict, RetryAfter

from handlers.telegram.emulator import EmulatorServer, RateLimits
from tests.handlers.emulator.conftest import TOKEN, png, seconds, started


@pytest.fixture
async def server(emu):
    server = EmulatorServer(emu)
    await server.start()
    yield server
    await server.stop()


def _bot(server):
    return Bot(
        TOKEN, base_url=f"{server.base_url}/bot", base_file_url=f"{server.base_url}/file/bot"
    )


async def test_a_real_bot_sends_and_an_idle_edit_is_a_bad_request(emu, server):
    started(emu, 5)
    card = InlineKeyboardMarkup([[InlineKeyboardButton("接单", callback_data="o:accept:1")]])
    async with _bot(server) as bot:
        assert bot.username == "kepu_test_bot"  # from getMe
        sent = await bot.send_message(5, "先到先得", reply_markup=card)
        with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
            await bot.edit_message_text(
                "先到先得", chat_id=5, message_id=sent.message_id, reply_markup=card
            )
        await bot.edit_message_text("已由一队接单", chat_id=5, message_id=sent.message_id)
    shown = emu.last(5)
    assert (shown.text, shown.buttons, shown.edits) == ("已由一队接单", [], 1)


async def test_two_instances_polling_the_second_ends_the_first_with_conflict(emu, server):
    async with _bot(server) as first, _bot(server) as second:
        waiting = asyncio.create_task(first.get_updates(timeout=20))
        await asyncio.sleep(0.2)
        newer = asyncio.create_task(second.get_updates(timeout=20))
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await asyncio.wait_for(waiting, 5)
        emu.people.say(5, "你好")
        (update,) = await asyncio.wait_for(newer, 5)
        assert update.message.text == "你好"
        assert await second.get_updates(offset=update.update_id + 1, timeout=0) == ()


async def test_too_many_messages_raise_retry_after(emu, server):
    started(emu, 5)
    emu.limits = RateLimits(private_burst=2)
    async with _bot(server) as bot:
        await bot.send_message(5, "一")
        await bot.send_message(5, "二")
        with pytest.raises(RetryAfter) as throttled:
            await bot.send_message(5, "三")
    assert seconds(throttled.value.retry_after) == 1
    assert [m.text for m in emu.messages(5)] == ["一", "二"]


async def test_a_file_goes_up_as_multipart_and_comes_down_by_its_path(emu, server):
    started(emu, 5)
    picture = png(7, 5)
    async with _bot(server) as bot:
        sent = await bot.send_photo(5, InputFile(picture, filename="现场.png"), caption="现场")
        found = await bot.get_file(sent.photo[-1].file_id)
        assert bytes(await found.download_as_bytearray()) == picture
        document = await bot.send_document(5, InputFile(b"%PDF-1.4", filename="说明.pdf"))
    assert document.document.mime_type == "application/pdf"
    assert emu.last(5, "现场").photo.width == 7


async def _call(http, server, path, **kwargs):
    method = kwargs.pop("method", "POST")
    async with http.request(method, f"{server.base_url}{path}", **kwargs) as response:
        return response.status, await response.json()


async def test_parameters_by_query_form_json_and_get(emu, server):
    started(emu, 5)
    url = f"/bot{TOKEN}/sendMessage"
    markup = '{"inline_keyboard": [[{"text": "确认", "callback_data": "ok"}]]}'
    async with aiohttp.ClientSession() as http:
        status, body = await _call(
            http, server, url, method="GET", params={"chat_id": "5", "text": "经 GET"}
        )
        assert status == 200 and body["result"]["text"] == "经 GET"
        form = {"chat_id": "5", "text": "经表单", "reply_markup": markup}
        status, body = await _call(http, server, url, data=form)
        assert body["result"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "ok"
        status, body = await _call(http, server, url, json={"chat_id": 5, "text": "经 JSON"})
        assert status == 200 and body["ok"] is True
        status, body = await _call(http, server, f"/bot{TOKEN}/sendMessage", json={"chat_id": 5})
        assert (status, body["description"]) == (400, "Bad Request: message text is empty")
    assert [m.text for m in emu.messages(5)] == ["经 GET", "经表单", "经 JSON"]


async def test_a_wrong_token_an_unknown_method_and_a_missing_file(emu, server):
    async with aiohttp.ClientSession() as http:
        status, body = await _call(http, server, "/bot1:wrong/getMe")
        assert (status, body["description"]) == (401, "Unauthorized")
        status, body = await _call(http, server, f"/bot{TOKEN}/sendSticker")
        assert (status, body["description"]) == (404, "Not Found")
        status, _ = await _call(http, server, f"/file/bot{TOKEN}/photos/x.jpg", method="GET")
        assert status == 404
        bad = {"chat_id": "5", "text": "x", "reply_markup": "{"}
        status, body = await _call(http, server, f"/bot{TOKEN}/sendMessage", data=bad)
        assert status == 400 and "can't parse" in body["description"]


async def test_stopping_the_server_ends_a_long_poll_at_once(emu):
    server = EmulatorServer(emu)
    await server.start()
    async with aiohttp.ClientSession() as http:
        poll = asyncio.create_task(
            _call(http, server, f"/bot{TOKEN}/getUpdates", json={"timeout": 30})
        )
        await asyncio.sleep(0.2)
        started_at = asyncio.get_running_loop().time()
        await server.stop()
        status, body = await asyncio.wait_for(poll, 5)
    assert (status, body["result"]) == (200, [])
    assert asyncio.get_running_loop().time() - started_at < 5
    await server.start()  # started again, it waits for updates again
    try:
        async with aiohttp.ClientSession() as http:
            poll = asyncio.create_task(
                _call(http, server, f"/bot{TOKEN}/getUpdates", json={"timeout": 30})
            )
            await asyncio.sleep(0.2)
            assert not poll.done()
            emu.people.say(5, "你好")
            status, body = await asyncio.wait_for(poll, 5)
        assert body["result"][0]["message"]["text"] == "你好"
    finally:
        await server.stop()
