"""Linking a team's group chat: /link in the group, sent by the team's leader.

Once linked, the team's order cards also go to the group and its members may
take orders there; every other group is ignored by the bot.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.services.groups import LinkedElsewhere
from handlers.telegram.context import BotContext
from handlers.telegram.delivery import follow_migration
from handlers.telegram.effects import after_action, answer

LINK_DATA = r"^g:"


async def _led_teams(update: Update, context: BotContext) -> list[Any]:
    assert update.effective_user is not None
    return await context.services.groups.led_teams(context.person_id)


async def link(update: Update, context: BotContext) -> None:
    message, chat = update.effective_message, update.effective_chat
    assert message is not None and chat is not None
    teams = await _led_teams(update, context)
    if not teams:
        await message.reply_text(context.t(update, "group.not_leader"))
        return
    if len(teams) == 1:
        await _link(update, context, teams[0], chat.id)
        return
    rows = [[InlineKeyboardButton(t.name, callback_data=f"g:{t.id}")] for t in teams]
    await message.reply_text(
        context.t(update, "group.pick_team"), reply_markup=InlineKeyboardMarkup(rows)
    )


async def on_link_button(update: Update, context: BotContext) -> None:
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and chat is not None
    wanted = (query.data or "")[2:]
    team = next((t for t in await _led_teams(update, context) if t.id == wanted), None)
    if team is None:  # not (or no longer) this team's leader, or forged data
        await answer(update, context.t(update, "error.forbidden"), alert=True)
        return
    await answer(update, "")
    await _link(update, context, team, chat.id)


async def _link(update: Update, context: BotContext, team: Any, chat_id: int) -> None:
    user, message = update.effective_user, update.effective_message
    assert user is not None and message is not None
    try:
        await context.services.groups.link(context.person_id, user.full_name, team.id, chat_id)
    except LinkedElsewhere as exc:
        await message.reply_text(context.t(update, "group.linked_elsewhere", team=exc.team_name))
        await after_action(context, None)
        return
    await message.reply_text(context.t(update, "group.linked", team=team.name))
    await after_action(context, None)


async def on_migrate(update: Update, context: BotContext) -> None:
    """The group became a supergroup: Telegram says so in the old chat, with the new id."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or not message.migrate_to_chat_id:
        return
    await follow_migration(context.services, chat.id, message.migrate_to_chat_id)


async def link_in_private(update: Update, context: BotContext) -> None:
    if update.effective_message:
        await update.effective_message.reply_text(context.t(update, "group.private_only"))
