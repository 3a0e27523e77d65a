"""No private message goes unanswered: text where buttons wait, anything else nothing
answered, and staff commands from people without the role."""

from __future__ import annotations

from telegram import Update

from handlers.telegram.context import BotContext
from handlers.telegram.menus import can_do


async def _commands(update: Update, context: BotContext) -> str:
    assert update.effective_user is not None
    actor = await context.services.people.actor(context.person_id)
    return can_do({g.role for g in actor.grants})


async def unanswered(update: Update, context: BotContext) -> None:
    """What the buttons above are for, when some wait; else what this person can do."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    choice = context.user_data.get("choice") if context.user_data else None
    if choice:
        await message.reply_text(f"{context.t(update, choice)}\n{context.t(update, 'hint.cancel')}")
        return
    commands = await _commands(update, context)
    text = message.text or ""
    if text.startswith("/"):
        reply = context.t(update, "hint.unknown", command=text.split()[0], commands=commands)
    else:
        reply = context.t(update, "hint.idle", commands=commands)
    await message.reply_text(reply)


async def forbidden(update: Update, context: BotContext) -> None:
    """无权限, and what the sender may use instead."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    command = (message.text or "").split()[0] if message.text else ""
    commands = await _commands(update, context)
    await message.reply_text(
        context.t(update, "error.forbidden_command", command=command, commands=commands)
    )
