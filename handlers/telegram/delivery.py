"""Turning outbox rows into Telegram messages, and keeping order cards current."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter

from bot.domain.privacy import view_for
from bot.domain.workflow import STATE_NAMES_ZH, Actor, Grant, NotAllowed, Role, State, available
from bot.outbox.sender import Deliver, RecipientGone, RetryLater, Superseded, retry_seconds
from bot.services import Services
from bot.services.orders import facts
from bot.services.people import load_actor
from handlers.telegram.cards import buttons, card_names, card_text, headline
from handlers.telegram.texts import locale_for, t
from handlers.telegram.when import moment_text
from storage import directory, orders, outbox
from storage.db import Tx
from storage.outbox import OutboxMessage
from storage.times import parse

log = logging.getLogger(__name__)

# Telegram's words for a chat the bot may no longer write to: retrying cannot help.
_NO_ACCESS = (
    "chat not found",
    "not enough rights",
    "have no rights",
    "bot was kicked",
    "user is deactivated",
    "chat_write_forbidden",
    "need administrator rights",
)


async def _viewer(tx: Tx, chat_id: int) -> tuple[Actor, str]:
    """Who reads a chat, and in which language. Group chats read as their team."""
    if chat_id < 0:
        team = await directory.team_for_group(tx, chat_id)
        grants = frozenset({Grant(Role.team_member, team.id)}) if team else frozenset()
        return Actor(None, grants), "zh"
    person = await directory.get_person(tx, chat_id)
    return await load_actor(tx, chat_id), locale_for(None, person.lang if person else None)


def _view(order: Any, actor: Actor, chat_id: int) -> Any:
    """The order as this chat may see it now; a reader who lost the right (a revoked role, a
    team let go, a group unlinked) gets nothing: the message is dropped, not retried."""
    try:
        return view_for(order, actor, shared_chat=chat_id < 0)
    except NotAllowed as exc:
        raise Superseded(f"chat {chat_id} may no longer see {order.code}") from exc


async def render(services: Services, message: OutboxMessage) -> tuple[str, Any]:
    if message.order_id is None and "text" in message.params:
        return str(message.params["text"]), None  # a report or prompt, written when queued
    async with services.db.read() as tx:
        order = await orders.get(tx, message.order_id) if message.order_id else None
        actor, locale = await _viewer(tx, message.chat_id)
        names = await card_names(tx, order) if order else ("", "")
        publishes = order is not None and any(a["cmd"] == "publish" for a in message.actions)
        teams = len(await services.orders.matching_teams(tx, order)) if publishes else None
    if order is None:
        return headline(message.template, message.params, locale), None
    since = message.params.get("stage_since")
    if since and order.state_since != since:
        raise Superseded(f"{order.code} left the stage the reminder was for")
    proposed = parse(order.proposed_at)
    when = moment_text(proposed, locale) if proposed else ""
    if message.chat_id < 0 and not actor.grants:
        raise Superseded(f"group {message.chat_id} is no longer linked to a team")
    view = _view(order, actor, message.chat_id) if actor.grants or actor.person_id else None
    top = headline(message.template, message.params, locale, when)
    if view is None:
        return top, None
    body = card_text(view, services.catalog, locale, *names)
    if message.params.get("state", order.state) != order.state:
        body += t(locale, "card.changed")  # drawn after a later change: as it stands now
    # A card sent late (held for the morning, or after downtime) offers only what still works.
    still = {c.value for c in available(facts(order), actor)} | {"details"}
    actions = [a for a in message.actions if a["cmd"] in still]
    return f"{top}\n\n{body}", buttons(actions, locale, teams)


def telegram_deliver(services: Services, bot: Bot) -> Deliver:
    async def deliver(message: OutboxMessage) -> int | None:
        try:
            if message.template == outbox.TAKEN:
                return await _edit_offer(bot, message)
            text, markup = await render(services, message)
            sent = await bot.send_message(message.chat_id, text, reply_markup=markup)
        except Forbidden as exc:
            raise RecipientGone(str(exc)) from exc
        except ChatMigrated as exc:  # the group became a supergroup: follow it, send again
            await follow_migration(services, message.chat_id, exc.new_chat_id)
            raise RetryLater(0, f"group moved to {exc.new_chat_id}") from exc
        except RetryAfter as exc:
            raise RetryLater(retry_seconds(exc.retry_after)) from exc
        except BadRequest as exc:
            if any(gone in str(exc).lower() for gone in _NO_ACCESS):
                raise RecipientGone(str(exc)) from exc
            raise
        return sent.message_id

    return deliver


def taken_text(params: dict[str, Any]) -> str:
    if params.get("team"):
        return f"{params['code']} · 已由「{params['team']}」接单"
    state = STATE_NAMES_ZH.get(State(params.get("state", "cancelled")), "")
    return f"{params['code']} · 该订单{state}，无需再接单"


async def _edit_offer(bot: Bot, message: OutboxMessage) -> None:
    """Edit one copy of an offer card in place: who took it, and no more buttons."""
    try:
        await bot.edit_message_text(
            taken_text(message.params),
            chat_id=message.chat_id,
            message_id=int(message.params["edit"]),
            reply_markup=InlineKeyboardMarkup([]),
        )
    except BadRequest as exc:
        # The copy was deleted, or already shows this text: nothing is left to do.
        if "not found" in str(exc).lower() or "not modified" in str(exc).lower():
            log.info("offer card in %s not edited: %s", message.chat_id, exc)
            return None
        raise
    return None


async def follow_migration(services: Services, old_chat_id: int, new_chat_id: int) -> None:
    async with services.db.transaction() as tx:
        await directory.move_group(tx, old_chat_id, new_chat_id)
        await outbox.redirect(tx, old_chat_id, new_chat_id)
