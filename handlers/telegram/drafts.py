"""Drafts nobody finishes do not stay: what a resident typed into an order they never
submitted (the need, the place, the phone) is dropped after a few days.

The draft lives in python-telegram-bot's user_data (kept in memory and persisted
after each update), so it is expired there: the sweep drops it from memory and
marks the user for persistence, which writes the row without it. A conversation
whose draft has gone tells the resident and ends at their next message.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from telegram import Update
from telegram.ext import ConversationHandler

from bot.domain.clock import parse_stamp as parse
from bot.domain.clock import stamp
from handlers.telegram.context import BotContext

CHANNEL = "telegram"

TOUCHED = "touched"
# What a sweep drops: the order being filled, and a question left open by a button.
_UNFINISHED = ("draft", "awaiting", "choice")


async def touch(update: Update, context: BotContext) -> None:
    """Runs first for every update: who this person is to us (our id for their Telegram
    account, made on first sight), and when they last did anything."""
    user = update.effective_user
    if context.user_data is None or user is None:
        return
    if "person" not in context.user_data:
        context.user_data["person"] = await context.services.people.resolve(
            CHANNEL, user.id, user.full_name, user.language_code
        )
    context.user_data[TOUCHED] = stamp(context.services.clock.now())


def expire(application: Any, now: datetime, max_age: timedelta) -> list[int]:
    """Drop the unfinished drafts of people idle for longer than `max_age`; returns whose."""
    expired = []
    for user_id, data in application.user_data.items():
        touched = parse(data.get(TOUCHED))
        idle = touched is None or now - touched > max_age
        if idle and any(key in data for key in _UNFINISHED):
            for key in _UNFINISHED:
                data.pop(key, None)
            expired.append(user_id)
    if expired:
        application.mark_data_for_update_persistence(user_ids=expired)
    return expired


def needs_draft(callback: Any) -> Any:
    """A step of the order conversation that only makes sense with the draft it fills."""

    @wraps(callback)
    async def step(update: Update, context: BotContext) -> Any:
        draft = (context.user_data or {}).get("draft") or {}
        if "jurisdiction" in draft:
            return await callback(update, context)
        if update.effective_message is not None:
            await update.effective_message.reply_text(context.t(update, "order.expired"))
        return ConversationHandler.END

    return step
