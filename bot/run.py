"""Running the bot against Telegram (long polling through our own inbox)."""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import signal
import sys
from typing import Any

from telegram import Update
from telegram.error import InvalidToken, NetworkError

from bot.config import Settings
from bot.workflow import Role
from handlers.menus import commands_for

log = logging.getLogger(__name__)

TOKEN_FORMAT = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
HOW_TO_GET_A_TOKEN = (
    "请设置 TELEGRAM_BOT_TOKEN：在 Telegram 里找 @BotFather 发送 /newbot 创建机器人并复制 token，"
    "然后 export TELEGRAM_BOT_TOKEN=123456:ABC… 或写入项目目录下的 .env 文件。"
)


def run_bot(settings: Settings) -> int:
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    if not TOKEN_FORMAT.match(token.strip()):
        print(HOW_TO_GET_A_TOKEN, file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        return asyncio.run(_serve(settings, token.strip()))
    except InvalidToken:
        print("Telegram 不接受这个 TELEGRAM_BOT_TOKEN。" + HOW_TO_GET_A_TOKEN, file=sys.stderr)
        return 2


async def _serve(settings: Settings, token: str) -> int:
    from bot.app import build_application
    from bot.inbox import InboxPoller
    from bot.nudges import refresh_if_policy_changed
    from bot.services import Services

    # The catalog, the router and jieba load here, before any update is read.
    services = await Services.start(settings)
    application = build_application(services, token, settings.telegram_base_url)
    poller = InboxPoller(services, application)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    tasks: list[asyncio.Task[Any]] = []
    cleanup: list[Any] = []
    try:
        await application.initialize()
        await application.start()
        await _set_commands(application)
        await refresh_if_policy_changed(services.orders)  # deadlines as now configured
        _schedule(application, services)
        sender = application.bot_data["sender"]
        tasks.append(asyncio.create_task(sender.run()))
        tasks.append(await _receive(settings, application, poller, cleanup))
        log.info("running as @%s for %s", application.bot.username, settings.jurisdictions)
        await stopping.wait()
        poller.stop()
        sender.stop()
    finally:
        await _finish(tasks, cleanup)
        if application.running:
            await application.stop()
        await application.shutdown()
        await services.close()
    return 0


async def _receive(
    settings: Settings, application: Any, poller: Any, cleanup: list[Any]
) -> asyncio.Task[Any]:
    """Long polling by default; a webhook when WEBHOOK_URL is set."""
    if not settings.webhook_url:
        await application.bot.delete_webhook()  # getUpdates is refused while one is set
        return asyncio.create_task(poller.run())
    from urllib.parse import urlparse

    from bot.webhook import WebhookReceiver, serve_webhook

    given = settings.webhook_secret
    secret = given.get_secret_value() if given else secrets.token_urlsafe(32)
    receiver = WebhookReceiver(poller, secret, urlparse(settings.webhook_url).path)
    runner = await serve_webhook(receiver, settings.webhook_listen, settings.webhook_port)
    cleanup += [receiver.stop, runner.cleanup]
    await application.bot.set_webhook(
        settings.webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES
    )
    return asyncio.create_task(receiver.process_forever())


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


def _schedule(application: Any, services: Any) -> None:
    from bot.housekeeping import tidy
    from bot.ticker import TICK_SECONDS, Ticker

    ticker = Ticker(services, application.bot.username)
    sender = application.bot_data["sender"]

    async def tick(_: Any) -> None:
        await ticker.tick()
        sender.wake()

    async def hourly(_: Any) -> None:
        await tidy(services)

    # Jobs may run late when the loop is busy; run them once, late, rather than skip.
    job_kwargs = {"misfire_grace_time": 60, "coalesce": True}
    application.job_queue.run_repeating(tick, TICK_SECONDS, first=3, job_kwargs=job_kwargs)
    application.job_queue.run_repeating(hourly, 3600, first=60, job_kwargs=job_kwargs)
