"""What every step of the resident's 点单 conversation shares: the steps, the draft the
conversation collects, and how a step replies and reads typed text."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.textclean import free_text
from handlers.telegram.context import BotContext

(JURISDICTION, STATION, DESCRIBE, TASK, AUDIENCE, ATTENDANCE, WHEN, WHEN_DATE, PHONE, SUMMARY) = (
    range(10)
)
SHORT_TEXT = 100
STATION_BUTTONS = 12


def draft_of(context: BotContext) -> dict[str, Any]:
    assert context.user_data is not None
    return context.user_data.setdefault("draft", {})


def buttons(rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data)] for label, data in rows]
    )


async def reply(update: Update, text: str, markup: Any = None) -> None:
    message = update.effective_message
    assert message is not None
    await message.reply_text(text, reply_markup=markup)


async def text_or_reask(update: Update, context: BotContext, limit: int) -> str | None:
    """The message's text, or None after telling the user what was wrong."""
    message = update.effective_message
    if message is None or not message.text:
        await reply(update, context.t(update, "not_text"))
        return None
    if len(message.text) > limit:
        await reply(update, context.t(update, "too_long", limit=limit))
        return None
    text = free_text(message.text)  # what staff will read: nothing invisible
    if not text:
        await reply(update, context.t(update, "blank"))
        return None
    return text
