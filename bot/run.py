"""Running the bot against Telegram."""

from __future__ import annotations

import sys

from bot.config import Settings


def run_bot(settings: Settings) -> int:
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value():
        print(
            "未设置 TELEGRAM_BOT_TOKEN：请在 Telegram 找 @BotFather 创建机器人获取 token，"
            "然后 export TELEGRAM_BOT_TOKEN=… 或写入 .env 文件。",
            file=sys.stderr,
        )
        return 2
    print(
        "聊天界面尚未接入：请先用 `python -m bot seed` 和 `python -m bot admin` 准备数据。",
        file=sys.stderr,
    )
    return 2
