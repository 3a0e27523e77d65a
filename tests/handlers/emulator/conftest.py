"""An emulator on a clock the test moves, and python-telegram-bot's Bot talking to it."""

from __future__ import annotations

import struct
import zlib
from datetime import timedelta

import pytest
from telegram import Bot

from handlers.telegram.emulator import BotIdentity, Emulator, InProcessRequest

TOKEN = "4242:EMULATOR_test_token_0123456789"
BOT = BotIdentity(4242, "科普", "kepu_test_bot")


class Clock:
    """Seconds since the epoch, moved only by the test."""

    def __init__(self, now: float = 1_760_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def emu(clock):
    return Emulator(TOKEN, bot=BOT, clock=clock, limits=None)


@pytest.fixture
async def bot(emu):
    """A real Bot; its requests go to `emu` in process."""
    async with Bot(
        TOKEN, request=InProcessRequest(emu), get_updates_request=InProcessRequest(emu)
    ) as real:
        yield real


def png(width: int, height: int) -> bytes:
    """A valid one-colour PNG of this size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg_header(width: int, height: int) -> bytes:
    """The start of a JPEG: SOI, a JFIF segment, then the frame header with the size."""
    jfif = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + jfif + frame + b"\xff\xd9"


def seconds(value: int | float | timedelta) -> float:
    """RetryAfter.retry_after: seconds, or a timedelta once bot/ set PTB_TIMEDELTA."""
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def started(emu: Emulator, user_id: int, name: str = "居民") -> None:
    """The user has opened the chat with the bot (and said /start)."""
    emu.people.user(user_id, name)
    emu.people.start(user_id)
