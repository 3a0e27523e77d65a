"""Running the bot against Telegram (long polling through our own inbox)."""

from __future__ import annotations

import asyncio
import logging
import re
import signal
import sys
from typing import Any

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
    from bot.services import Services

    # The catalog, the router and jieba load here, before any update is read.
    services = await Services.start(settings)
    application = build_application(services, token, settings.telegram_base_url)
    poller = InboxPoller(services, application)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, poller.stop)
    try:
        await application.initialize()
        await application.start()
        await _set_commands(application)
        _schedule(application, services)
        sender = application.bot_data["sender"]
        sending = asyncio.create_task(sender.run())
        me = application.bot.username
        log.info("running as @%s for %s", me, ", ".join(settings.jurisdiction_ids))
        await poller.run()
        sender.stop()
        await sending
    finally:
        if application.running:
            await application.stop()
        await application.shutdown()
        await services.close()
    return 0


async def _set_commands(application: Any) -> None:
    try:
        await application.bot.set_my_commands(commands_for([Role.resident]))
    except NetworkError as exc:  # a menu is a convenience; the bot works without it
        log.warning("setMyCommands failed: %s", exc)


def _schedule(application: Any, services: Any) -> None:
    async def erase(_: Any) -> None:
        await services.orders.erase_personal_data()

    # Jobs may run late when the loop is busy; run them once, late, rather than skip.
    job_kwargs = {"misfire_grace_time": 60, "coalesce": True}
    application.job_queue.run_repeating(erase, 3600, first=60, job_kwargs=job_kwargs)
