"""Starting the sandbox: a fresh demo database, the emulator, the real bot, the page.

The bot is the real one (`_serve`: the Application, its handlers, the inbox, the
sender and the minute tick); only Telegram is the project's emulator, served on
127.0.0.1 like any Bot API server.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import sys
from collections.abc import Callable
from pathlib import Path

from bot.config import Settings
from bot.domain.clock import TravelClock
from bot.seed import load_seed, sample_path
from bot.services import Services
from bot.services.people import IssuedInvite
from handlers.telegram.emulator import BotIdentity, Emulator, EmulatorServer
from handlers.telegram.runtime import (
    EXIT_CANNOT_START,
    EXIT_LOOP_DIED,
    _serve,
    run_locked,
    stop_on_signals,
)
from handlers.web.sandbox.cast import Cast, CastError
from handlers.web.sandbox.routes import Demo, add_part

log = logging.getLogger(__name__)

JURISDICTION = "dalad"  # the sample jurisdiction the demo is set in
EXTRA_SEED = Path(__file__).with_name("demo.yaml")
# A well-formed token, for the emulator only: it never leaves this machine.
TOKEN = "1000000001:sandbox-token-that-telegram-never-sees"
BOT = BotIdentity(1000000001, "科普志愿服务（演示）", "kepu_sandbox_bot")


def sandbox_settings(settings: Settings) -> Settings:
    """The operator's settings on the demo database and jurisdiction, long polling."""
    return settings.model_copy(
        update={
            "database_path": settings.sandbox_database_path,
            "jurisdictions": JURISDICTION,
            "webhook_url": "",
        }
    )


def run(settings: Settings) -> int:
    """`python -m bot` without a token."""
    demo = sandbox_settings(settings)
    if not demo.web_port:
        print("演示环境是一个网页，需要端口：请不要把 WEB_PORT 设为 0。", file=sys.stderr)
        return EXIT_CANNOT_START
    if (taken := _port_taken(demo.web_listen, demo.web_port)) is not None:
        print(
            f"无法启动演示环境：端口 {demo.web_port} 不可用（{taken}），"
            "请换一个端口，例如 WEB_PORT=8081 ./dev.sh bot",
            file=sys.stderr,
        )
        return EXIT_CANNOT_START
    return run_locked(demo.database_path, lambda: serve(demo, announce=_announce))


def _port_taken(host: str, port: int) -> str | None:
    """Why the page's port cannot be had (another program holds it), or None. Asked before
    anything starts: without its page the sandbox is nothing, so it says so at once."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


def _announce(url: str) -> None:
    print(
        f"演示环境已就绪，请用浏览器打开 {url} （不连接 Telegram，数据每次启动重置；"
        "Ctrl+C 退出；要连接 Telegram 请设置 TELEGRAM_BOT_TOKEN）",
        flush=True,
    )


async def serve(
    settings: Settings,
    clock: TravelClock | None = None,
    stopping: asyncio.Event | None = None,
    announce: Callable[[str], None] | None = None,
) -> int:
    """Run the sandbox until `stopping` is set (or SIGINT/SIGTERM); `announce` hears the
    page's address once every demo person has joined."""
    clock = clock or TravelClock()
    stopping = stopping or stop_on_signals()
    fresh(settings.database_path)
    invites = await seed(settings, clock)
    emulator = Emulator(
        TOKEN,
        bot=BOT,
        clock=lambda: clock.now().timestamp(),  # messages carry the travelled time
        limits=None,  # one person clicking through seven chats; the outbox paces itself
    )
    server = EmulatorServer(emulator)
    bot_settings = settings.model_copy(update={"telegram_base_url": await server.start()})
    cast = Cast(emulator, invites)
    demo = Demo(emulator, clock, cast)
    entering = asyncio.create_task(_enter(cast, stopping, settings, announce))
    try:
        code = await _serve(bot_settings, TOKEN, [add_part(demo)], clock, stopping)
    finally:
        entering.cancel()
        await asyncio.gather(entering, return_exceptions=True)
        await server.stop()
    failed = entering.done() and not entering.cancelled() and entering.result() is False
    return EXIT_LOOP_DIED if failed else code


async def _enter(
    cast: Cast, stopping: asyncio.Event, settings: Settings, announce: Callable[[str], None] | None
) -> bool:
    """The demo people join; then the page is announced. A cast that cannot join stops
    the sandbox (a page of empty chats would only puzzle)."""
    try:
        await cast.enter()
    except CastError as exc:
        log.critical("the sandbox could not be set up: %s", exc)
        stopping.set()
        return False
    if announce is not None:
        announce(settings.web_url + "/")
    return True


def fresh(database: Path) -> None:
    """Every start begins on a new demo database (its lock is held by now)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)


async def seed(settings: Settings, clock: TravelClock) -> list[IssuedInvite]:
    """The sample jurisdiction, a second farming team, and the invites the cast redeems."""
    services = await Services.start(settings, clock=clock, with_router=False)
    try:
        issued = await load_seed(services, sample_path(JURISDICTION))
        return issued + await load_seed(services, EXTRA_SEED)
    finally:
        await services.close()
