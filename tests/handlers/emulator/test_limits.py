import dataclasses

import pytest

from handlers.telegram.emulator.errors import ApiError
from handlers.telegram.emulator.limits import (
    FloodControl,
    RateLimits,
    check_caption,
    check_text,
    length,
)
from tests.handlers.emulator.conftest import Clock


def test_lengths_count_utf16_units_as_telegram_does():
    assert length("羊病防治") == 4
    assert length("🐑") == 2
    check_text("羊" * 4096)
    with pytest.raises(ApiError, match=r"^Bad Request: message is too long$"):
        check_text("羊" * 4097)
    with pytest.raises(ApiError, match="message is too long"):
        check_text("🐑" * 2049)  # 4098 units in 2049 characters
    with pytest.raises(ApiError, match="message text is empty"):
        check_text("  \n")
    check_caption("图" * 1024)
    with pytest.raises(ApiError, match="message caption is too long"):
        check_caption("图" * 1025)


def _refused(flood, chat_id, private=True, send=True):
    with pytest.raises(ApiError) as refused:
        flood.admit(chat_id, private, send)
    assert refused.value.code == 429
    return refused.value.parameters["retry_after"]


def test_a_private_chat_takes_a_small_burst_then_one_a_second():
    clock = Clock()
    flood = FloodControl(RateLimits(), clock)
    for _ in range(3):
        flood.admit(1, private=True, send=True)
    assert _refused(flood, 1) == 1
    flood.admit(2, private=True, send=True)  # another chat is not held back
    flood.admit(1, private=True, send=False)  # nor an edit in the same chat
    clock.advance(1.0)
    flood.admit(1, private=True, send=True)
    assert _refused(flood, 1) == 1


def test_thirty_a_second_overall():
    clock = Clock()
    flood = FloodControl(RateLimits(), clock)
    for chat in range(30):
        flood.admit(chat, private=True, send=True)
    _refused(flood, 99)
    clock.advance(0.1)  # three tokens back
    for chat in range(100, 103):
        flood.admit(chat, private=True, send=True)
    _refused(flood, 99)


def test_twenty_a_minute_per_group_and_the_wait_it_names():
    clock = Clock()
    flood = FloodControl(RateLimits(), clock)
    for _ in range(20):
        flood.admit(-5, private=False, send=True)
    assert _refused(flood, -5, private=False) == 3  # one token back after 3 s
    clock.advance(2.0)
    assert _refused(flood, -5, private=False) == 1
    clock.advance(1.0)
    flood.admit(-5, private=False, send=False)  # edits in a group count too
    _refused(flood, -5, private=False)


def test_limits_can_be_switched_off_or_tightened():
    clock = Clock()
    flood = FloodControl(None, clock)
    for _ in range(1000):
        flood.admit(1, private=True, send=True)
    flood.limits = dataclasses.replace(RateLimits(), private_burst=1, private_per_second=0.1)
    flood.admit(1, private=True, send=True)
    assert _refused(flood, 1) == 10
