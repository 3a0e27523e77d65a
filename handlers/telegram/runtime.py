"""Running the bot against Telegram (long polling through our own inbox, or a webhook).

The process is meant to be left alone under a supervisor (systemd, a container
restart policy). So it refuses to start beside another instance on the same
database, refuses a database it cannot use with one clear line, and exits
non-zero if any of its loops (receiver, sender, minute tick) stops, rather than
run on doing nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
import signal
import sys
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.error import InvalidToken, NetworkError

from bot.config import Settings
from bot.domain.clock import Clock
from bot.domain.workflow import Role
from bot.instance import AlreadyRunning, InstanceLock
from bot.logs import configure_logging
from bot.resilience import Backoff, CannotOpen, FaultLog, Heartbeat
from handlers.telegram.menus import commands_for

log = logging.getLogger(__name__)

TOKEN_FORMAT = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
HOW_TO_GET_A_TOKEN = (
    "请设置 TELEGRAM_BOT_TOKEN：在 Telegram 里找 @BotFather 发送 /newbot 创建机器人并复制 token，"
    "然后 export TELEGRAM_BOT_TOKEN=123456:ABC… 或写入项目目录下的 .env 文件。"
)
MALFORMED_TOKEN = "TELEGRAM_BOT_TOKEN 的格式不对（应形如 123456:ABC…）。"
WATCH_EVERY = 30.0
# How long each loop may go without a beat before the process gives up on itself.
STALE_AFTER = {"receiver": 300.0, "sender": 300.0, "tick": 600.0}
EXIT_LOOP_DIED = 1
EXIT_CANNOT_START = 2


def run_bot(settings: Settings) -> int:
    given = settings.telegram_bot_token
    token = (given.get_secret_value() if given else "").strip()
    if not token:  # no Telegram at all: the whole bot in a browser, on demo data
        from handlers.web.sandbox import launch

        return launch.run(settings)
    if not TOKEN_FORMAT.match(token):
        print(MALFORMED_TOKEN + HOW_TO_GET_A_TOKEN, file=sys.stderr)
        return EXIT_CANNOT_START
    return run_locked(settings.database_path, lambda: _serve(settings, token))


def run_locked(database: Path, main: Callable[[], Coroutine[Any, Any, int]]) -> int:
    """Run `main` holding the database's instance lock. A start that cannot work says why
    in one line and exits with EXIT_CANNOT_START."""
    lock = InstanceLock(database)
    try:
        lock.acquire()
    except AlreadyRunning as exc:
        print(f"无法启动：{exc}", file=sys.stderr)
        return EXIT_CANNOT_START
    except OSError as exc:
        print(f"无法启动：数据库目录 {database.parent} 不可用（{exc.strerror}）", file=sys.stderr)
        return EXIT_CANNOT_START
    configure_logging()
    try:
        return asyncio.run(main())
    except InvalidToken:
        print("Telegram 不接受这个 TELEGRAM_BOT_TOKEN。" + HOW_TO_GET_A_TOKEN, file=sys.stderr)
        return EXIT_CANNOT_START
    except CannotOpen as exc:
        print(f"无法启动：{exc}", file=sys.stderr)
        return EXIT_CANNOT_START
    finally:
        lock.release()


@dataclass
class Loops:
    """The background loops and their heartbeats, watched together."""

    tasks: dict[str, asyncio.Task[Any]] = field(default_factory=dict)
    beats: dict[str, Heartbeat] = field(default_factory=dict)

    def start(self, name: str, coroutine: Any, beat: Heartbeat) -> None:
        self.tasks[name] = asyncio.create_task(coroutine, name=name)
        self.beats[name] = beat

    def stale(self) -> str | None:
        for name, beat in self.beats.items():
            if beat.age() > STALE_AFTER.get(name, 300.0):
                return f"{name} has not run for {beat.age():.0f} s"
        return None


async def _serve(
    settings: Settings,
    token: str,
    web_parts: Any = None,
    clock: Clock | None = None,
    stopping: asyncio.Event | None = None,
) -> int:
    """Run until stopped. `web_parts` add routes to the web channel; `clock` is the
    services' (the sandbox's can travel); `stopping`, when given, stops the bot once set,
    else SIGINT and SIGTERM do."""
    from bot.scheduling.nudges import refresh_if_policy_changed
    from bot.services import Services
    from handlers.telegram.app import build_application
    from handlers.telegram.inbox import InboxPoller

    # The catalog, the router and jieba load here, before any update is read; the
    # database is checked (quick_check) and migrated, or the start is refused.
    services = await Services.start(settings, clock=clock, check=True)
    application = build_application(services, token, settings.telegram_base_url)
    poller = InboxPoller(services, application)
    stopping = stopping or stop_on_signals()
    loops, cleanup = Loops(), []
    try:
        if not await _reach_telegram(application, stopping):
            return 0
        await application.start()
        await _set_commands(application)
        await refresh_if_policy_changed(services.orders)  # deadlines as now configured
        sender = application.bot_data["sender"]
        loops.start("sender", sender.run(), sender.heartbeat)
        loops.beats["tick"], tick_now = _schedule(application, services)
        username = application.bot.username
        web_app = _web_app(settings, services, web_parts, sender, tick_now, username)
        receiver, beat = await _receive(settings, application, poller, cleanup, services, web_app)
        loops.start("receiver", receiver, beat)
        log.info("running as @%s for %s", application.bot.username, settings.jurisdictions)
        code = await _supervise(loops, stopping)
        poller.stop()
        sender.stop()
    finally:
        await _finish(list(loops.tasks.values()), cleanup)
        if application.running:
            await application.stop()
        await application.shutdown()
        await services.close()
    return code


def stop_on_signals() -> asyncio.Event:
    """An event that SIGINT and SIGTERM set: the operator's way to stop."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    return stopping


async def _reach_telegram(application: Any, stopping: asyncio.Event) -> bool:
    """Initialise (getMe). A server that boots before its network does waits for it rather
    than exit; a wrong token is final. False: stopped while waiting."""
    faults, backoff = FaultLog(log, "reaching Telegram"), Backoff(base=2.0, cap=120.0)
    while not stopping.is_set():
        try:
            await application.initialize()
        except NetworkError as exc:  # InvalidToken is not one: it ends the start
            wait = backoff.next()
            faults.failed(exc, wait)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), wait)
            continue
        faults.recovered()
        return True
    return False


async def _supervise(loops: Loops, stopping: asyncio.Event) -> int:
    """Wait for a stop signal; exit non-zero when a loop ends or stops beating."""
    stop = asyncio.ensure_future(stopping.wait())
    try:
        while True:
            await asyncio.wait(
                [stop, *loops.tasks.values()],
                timeout=WATCH_EVERY,
                return_when=asyncio.FIRST_COMPLETED,
            )
            if stop.done():
                return 0
            ended = [name for name, task in loops.tasks.items() if task.done()]
            if ended:
                task = loops.tasks[ended[0]]
                error = task.exception() if not task.cancelled() else None
                log.critical(
                    "the %s loop ended (%s); exiting so that the supervisor restarts the bot",
                    ended[0],
                    repr(error) if error else "cancelled",
                )
                return EXIT_LOOP_DIED
            if (stale := loops.stale()) is not None:
                log.critical("%s; exiting so that the supervisor restarts the bot", stale)
                return EXIT_LOOP_DIED
    finally:
        stop.cancel()


def _web_app(
    settings: Settings, services: Any, parts: Any, sender: Any, tick: Any, username: str
) -> Any:
    """The web channel's application (console, sandbox), or None when WEB_PORT is 0 and
    there is no webhook listener to share. The console comes last: it serves / only when
    no part before it does."""
    if not settings.web_port and not settings.webhook_url:
        return None
    from handlers.web import console, health
    from handlers.web.server import build_web_app

    every = [health.add_routes, *(parts or ()), console.add_routes]
    return build_web_app(services, every, wake=sender.wake, tick=tick, bot_username=username)


async def _serve_web(web_app: Any, settings: Settings, cleanup: list[Any]) -> None:
    """The console is a convenience beside the bot: if its port is taken the bot still
    serves chats, and the log says why there is no console."""
    from handlers.web.server import serve

    try:
        runner = await serve(web_app, settings.web_listen, settings.web_port)
    except OSError as exc:
        log.error(
            "web console not started on %s:%s: %s (set WEB_PORT to a free port, 0 for none)",
            settings.web_listen,
            settings.web_port,
            exc.strerror,
        )
        return
    cleanup.append(runner.cleanup)
    log.info("web console at %s", settings.web_url)


async def _receive(
    settings: Settings,
    application: Any,
    poller: Any,
    cleanup: list[Any],
    services: Any,
    web_app: Any,
) -> tuple[Any, Heartbeat]:
    """Long polling by default; a webhook when WEBHOOK_URL is set. The web channel is
    served beside either: on its own port, or on the webhook's listener."""
    if not settings.webhook_url:
        if web_app is not None:
            await _serve_web(web_app, settings, cleanup)
        await application.bot.delete_webhook()  # getUpdates is refused while one is set
        return poller.run(), poller.heartbeat
    from urllib.parse import urlparse

    from handlers.telegram.webhook import WebhookReceiver, serve_webhook

    given = settings.webhook_secret
    secret = given.get_secret_value() if given else secrets.token_urlsafe(32)
    from bot.health import gather

    receiver = WebhookReceiver(poller, secret, urlparse(settings.webhook_url).path)
    receiver.health = lambda: gather(services.db, settings.database_path, services.clock.now())
    runner = await serve_webhook(receiver, settings.webhook_listen, settings.webhook_port, web_app)
    cleanup += [receiver.stop, runner.cleanup]
    await application.bot.set_webhook(
        settings.webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES
    )
    return receiver.process_forever(), receiver.heartbeat


async def _finish(tasks: list[asyncio.Task[Any]], cleanup: list[Any]) -> None:
    """Let the loops end between updates; a long poll in flight is simply cancelled
    (its batch was not confirmed, so Telegram sends it again)."""
    for step in cleanup:
        result = step()
        if asyncio.iscoroutine(result):
            await result
    if tasks:
        _, late = await asyncio.wait(tasks, timeout=5)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)


async def _set_commands(application: Any) -> None:
    try:
        await application.bot.set_my_commands(commands_for([Role.resident]))
    except NetworkError as exc:  # a menu is a convenience; the bot works without it
        log.warning("setMyCommands failed: %s", exc)


def _schedule(application: Any, services: Any) -> tuple[Heartbeat, Callable[[], Awaitable[None]]]:
    """The minute tick and the hourly tidy on the JobQueue. Their faults are logged once
    and survived; the heartbeat lets the watchdog see that the scheduler still runs.
    Also returned: the tick, to run at once (the sandbox's time travel)."""
    from bot.scheduling.housekeeping import KEEP_DRAFTS, keep_for, tidy
    from bot.scheduling.ticker import TICK_SECONDS, Ticker
    from handlers.telegram import drafts

    ticker = Ticker(services, application.bot.username)
    sender = application.bot_data["sender"]
    beat = Heartbeat()
    tick_faults = FaultLog(log, "the minute tick")
    tidy_faults = FaultLog(log, "the hourly tidy")
    one_at_a_time = asyncio.Lock()  # the JobQueue's tick and one run at once never overlap

    async def tick(_: Any = None) -> None:
        beat.beat()
        try:
            async with one_at_a_time:
                await ticker.tick()
        except Exception as exc:
            tick_faults.failed(exc)
            return
        tick_faults.recovered()
        sender.wake()

    async def hourly(_: Any) -> None:
        try:
            await tidy(services)
            if drafts.expire(application, services.clock.now(), keep_for(services, KEEP_DRAFTS)):
                await application.update_persistence()
                await application.persistence.flush()  # gone from the disk too, now
        except Exception as exc:
            tidy_faults.failed(exc)
            return
        tidy_faults.recovered()

    # Jobs may run late when the loop is busy; run them once, late, rather than skip.
    job_kwargs = {"misfire_grace_time": 60, "coalesce": True}
    application.job_queue.run_repeating(tick, TICK_SECONDS, first=3, job_kwargs=job_kwargs)
    application.job_queue.run_repeating(hourly, 3600, first=60, job_kwargs=job_kwargs)
    return beat, tick
