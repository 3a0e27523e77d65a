"""What follows a successful command in chat: the answer to the presser, then delivery."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.services.orders import Outcome
from handlers.telegram.context import BotContext
from handlers.telegram.presses import note

log = logging.getLogger(__name__)

# Telegram's words for an edit that has nothing left to do.
_EDIT_MOOT = ("message is not modified", "message to edit not found")


async def answer(update: Update, text: str, alert: bool = False) -> None:
    """Say what the press is answered with; the answer is sent once, by the application."""
    if update.callback_query:
        note(text, alert)


async def after_action(context: BotContext, outcome: Outcome) -> None:
    """Wake the sender: what the command queued goes out now, paced, not at the next tick."""
    hook = context.application.bot_data.get("after_action")
    if hook is not None:
        await hook(outcome)


def _of_order(button: InlineKeyboardButton, order_id: int) -> bool:
    parts = str(button.callback_data or "").split(":")
    return len(parts) >= 3 and parts[0] == "o" and parts[2] == str(order_id)


async def drop_buttons(update: Update, order_id: int) -> None:
    """The pressed message loses the buttons of this order; a list keeps the others'."""
    query = update.callback_query
    message = query.message if query else None
    if query is None or not isinstance(message, Message) or message.reply_markup is None:
        return
    rows = message.reply_markup.inline_keyboard
    kept = [[b for b in row if not _of_order(b, order_id)] for row in rows]
    if kept == [list(row) for row in rows]:
        return  # nothing of this order here
    await edit_buttons(update, InlineKeyboardMarkup([row for row in kept if row]))


async def edit_buttons(update: Update, markup: InlineKeyboardMarkup) -> None:
    """New buttons for the pressed message. A second press on a message already edited,
    or one the user deleted, leaves nothing to do: Telegram's refusal is no error."""
    query = update.callback_query
    if query is None:
        return
    try:
        await query.edit_message_reply_markup(markup)
    except BadRequest as exc:
        if not any(moot in str(exc).lower() for moot in _EDIT_MOOT):
            raise
        log.info("buttons not edited: %s", exc)


async def done(update: Update, context: BotContext, outcome: Outcome) -> None:
    if context.user_data is not None:
        context.user_data.pop("awaiting", None)  # a preset button answered the choice
        context.user_data.pop("choice", None)
    state = context.t(update, f"state.{outcome.order.state}")
    key = "done.again" if outcome.repeated else "done.ok"
    await answer(update, context.t(update, key, code=outcome.order.code, state=state))
    await drop_buttons(update, outcome.order.id)
    await after_action(context, outcome)
