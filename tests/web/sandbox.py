"""The sandbox started in this process, on a free port and a demo database under tmp_path,
with its clock set to a weekday morning (so no reminder waits for the quiet hours)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bot.config import Settings
from bot.domain.clock import LOCAL_TZ, TravelClock
from handlers.web.sandbox import launch

STARTS_WITHIN = 120.0  # the catalog and the router load first; CI machines are slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def next_tuesday_morning() -> datetime:
    """Tuesday 10:00 in Beijing: a day later is still a working morning."""
    today = datetime.now(LOCAL_TZ).replace(hour=10, minute=0, second=0, microsecond=0)
    return today + timedelta(days=(1 - today.weekday()) % 7 or 7)


def tiny_png() -> bytes:
    """A 2×2 PNG, written out by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" + b"\xff\x00\x00" * 2 + b"\x00" + b"\x00\x00\xff" * 2)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


@dataclass
class Running:
    url: str
    clock: TravelClock


@contextlib.asynccontextmanager
async def running_sandbox(tmp_path: Path, start: datetime | None = None) -> AsyncIterator[Running]:
    settings = Settings(
        _env_file=None,
        database_path=tmp_path / "real.db",  # the sandbox must never touch it
        sandbox_database_path=tmp_path / "sandbox.db",
        web_port=free_port(),
    )
    demo = launch.sandbox_settings(settings)
    clock = TravelClock(start=start or next_tuesday_morning())
    stopping = asyncio.Event()
    announced: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(launch.serve(demo, clock, stopping, announced.set_result))
    try:
        await asyncio.wait(
            {task, announced}, timeout=STARTS_WITHIN, return_when=asyncio.FIRST_COMPLETED
        )
        if not announced.done():
            raise AssertionError(f"the sandbox did not start: {task}")
        yield Running(announced.result(), clock)
    finally:
        stopping.set()
        code = await asyncio.wait_for(task, 30)
    assert code == 0
    assert not settings.database_path.exists()
