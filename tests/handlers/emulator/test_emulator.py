"""The facade a test or a page uses: reading chats, following changes, switching limits."""

import asyncio

import pytest

from handlers.telegram.emulator import Emulator, RateLimits
from handlers.telegram.emulator.errors import ApiError
from tests.handlers.emulator.conftest import TOKEN, started


async def test_a_follower_sees_what_changed_since_its_version(emu):
    started(emu, 5)
    seen = emu.version
    waiting = asyncio.create_task(emu.wait_for_change(seen, timeout=5))
    await asyncio.sleep(0)
    sent = await emu.api.call("sendMessage", {"chat_id": 5, "text": "您好"})
    assert await asyncio.wait_for(waiting, 1) > seen
    changes = emu.changes_since(seen)
    assert [(c.kind, c.chat_id, c.message_id) for c in changes] == [
        ("message", 5, sent["message_id"])
    ]


async def test_last_and_messages_read_the_bots_side_by_default(emu):
    started(emu, 5)
    await emu.api.call("sendMessage", {"chat_id": 5, "text": "您好，欢迎"})
    await emu.api.call("sendMessage", {"chat_id": 5, "text": "请选择"})
    assert [m.text for m in emu.messages(5)] == ["您好，欢迎", "请选择"]
    assert emu.messages(5, from_bot=None)[0].text == "/start"
    assert emu.last(5, "您好").text == "您好，欢迎" and emu.last(5, "没有") is None
    assert emu.messages(404) == [] and emu.chat(404) is None


async def test_limits_are_on_by_default_and_can_be_switched_off():
    emu = Emulator(TOKEN)
    assert emu.limits == RateLimits()
    started(emu, 5)
    for _ in range(3):
        await emu.api.call("sendMessage", {"chat_id": 5, "text": "x"})
    with pytest.raises(ApiError) as throttled:
        await emu.api.call("sendMessage", {"chat_id": 5, "text": "x"})
    assert throttled.value.code == 429
    emu.limits = None
    await emu.api.call("sendMessage", {"chat_id": 5, "text": "x"})


async def test_closing_ends_a_waiting_poll(emu):
    poll = asyncio.create_task(emu.api.call("getUpdates", {"timeout": 30}))
    await asyncio.sleep(0.01)
    emu.close()
    assert await asyncio.wait_for(poll, 1) == []
