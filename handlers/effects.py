"""What follows a successful command in chat: the answer to the presser, then delivery."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.orders import Outcome
from bot.workflow import STATE_NAMES_ZH, State
from handlers.context import BotContext

# Commands that need a reason: a preset button or the sender's next text.
REASONED = ("reject", "decline", "cancel", "withdraw")


async def answer(update: Update, text: str, alert: bool = False) -> None:
    if update.callback_query:
        await update.callback_query.answer(text[:200], show_alert=alert)


async def after_action(context: BotContext, outcome: Outcome) -> None:
    """Wake the sender: what the command queued goes out now, paced, not at the next tick."""
    hook = context.application.bot_data.get("after_action")
    if hook is not None:
        await hook(outcome)


async def done(update: Update, context: BotContext, outcome: Outcome) -> None:
    if context.user_data is not None:
        context.user_data.pop("awaiting", None)  # a preset button answered the choice
    state = STATE_NAMES_ZH[State(outcome.order.state)]
    await answer(update, context.t(update, "done.ok", code=outcome.order.code, state=state))
    query = update.callback_query
    if query and query.message:
        await query.edit_message_reply_markup(InlineKeyboardMarkup([]))
    await after_action(context, outcome)
