"""Buttons on order cards and lists: o:<command>:<order id>[:<argument>].

Callback data carries ids only; who acts is always the update's sender. A
command that needs more (a reason, an agency, a team, stars, a time, a report)
first shows a choice or starts a dialogue (handlers.telegram.dialogues); the command is
checked against the workflow before anything is asked, so a stale or foreign
button is refused at once.
"""

from __future__ import annotations

import re

from telegram import Update
from telegram.constants import ChatType

from bot.domain.workflow import AlreadyDone, Cmd, WorkflowError
from bot.services.orders import Given
from handlers.telegram import pickers
from handlers.telegram.asks import PICKERS, Ask, asks_first, how_asked
from handlers.telegram.cards import preset_reason
from handlers.telegram.context import BotContext
from handlers.telegram.effects import answer, done, drop_buttons
from handlers.telegram.keys import command_key
from texts import refused_words

DATA = re.compile(r"^o:([a-z_]+):(\d{1,12})(?::([A-Za-z0-9_.-]{1,32}))?$")
SYSTEM_ONLY = {"auto_close", "release", "republish"}
KNOWN = {c.value for c in Cmd} - SYSTEM_ONLY | {"details", *PICKERS}


async def _team_group_ok(update: Update, context: BotContext) -> bool:
    """In groups, only a team's linked group may act; other groups are ignored."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return True
    return await context.services.groups.team_of_group(chat.id) is not None


async def on_button(update: Update, context: BotContext) -> None:
    query, user = update.callback_query, update.effective_user
    if query is None or user is None or not await _team_group_ok(update, context):
        return
    match = DATA.match(query.data or "")
    if match is None or match[1] not in KNOWN:
        await answer(update, context.t(update, "error.stale"), alert=True)
        return
    cmd, order_id, arg = match[1], int(match[2]), match[3] or ""
    try:
        await _act(update, context, cmd, order_id, arg)
    except AlreadyDone as exc:  # a repeat: say so, and the stale buttons go
        await answer(update, refused_words(context.locale(update), exc))
        await drop_buttons(update, order_id)
    except WorkflowError as exc:
        await answer(update, refused_words(context.locale(update), exc), alert=True)


async def on_stale_button(update: Update, context: BotContext) -> None:
    if await _team_group_ok(update, context):
        await answer(update, context.t(update, "error.stale"), alert=True)


async def _act(update: Update, context: BotContext, cmd: str, order_id: int, arg: str) -> None:
    user = update.effective_user
    assert user is not None
    svc = context.services.orders
    if cmd == "details":
        await pickers.details(update, context, order_id)
        return
    # Refuse a foreign or stale button before asking anything (无权限 / 操作已失效).
    command = PICKERS[cmd][0] if cmd in PICKERS else Cmd(cmd)
    await svc.check(order_id, context.person_id, command)
    if asks_first(cmd) and not arg:
        await pickers.ask(update, context, cmd, order_id)
        return
    given = _given(update, context, command, arg)
    outcome = await svc.perform(command, order_id, context.person_id, command_key(update), given)
    await done(update, context, outcome)
    if cmd == "rate":
        await pickers.ask(update, context, "comment", order_id)


def _given(update: Update, context: BotContext, cmd: Cmd, arg: str) -> Given:
    """What the button's data carries, read as its command is asked for."""
    asked = how_asked(cmd)
    if asked is Ask.reason:
        reason = preset_reason(cmd.value, arg, context.locale(update))
        if reason is None:
            raise WorkflowError("expired")
        return Given(reason=reason)
    if asked is Ask.stars:
        if not (arg.isascii() and arg.isdigit()):
            raise WorkflowError("expired")
        return Given(stars=int(arg))
    return Given(choice=arg or None)
