"""Turning outbox rows into Telegram messages, and keeping order cards current."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter

from bot.domain.clock import parse_stamp
from bot.outbox import REFRESH, TAKEN, OutboxMessage
from bot.outbox.sender import Deliver, RecipientGone, RetryLater, Superseded, retry_seconds
from bot.scheduling.periodic import COORDINATOR_MONTHLY
from bot.services import Services
from handlers.telegram.cards import buttons, card_text, headline
from handlers.telegram.report_files import send_monthly
from handlers.telegram.reports import report_text
from handlers.telegram.when import moment_text
from texts import locale_for, t

log = logging.getLogger(__name__)
CHANNEL = "telegram"

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


async def render(services: Services, message: OutboxMessage, username: str = "") -> tuple[str, Any]:
    card = await services.cards.card_for(message)
    locale = locale_for(None, card.locale)
    if card.order is None:
        return report_text(message.template, message.params, locale, username), None
    proposed = parse_stamp(card.order.proposed_at)
    when = moment_text(proposed, locale) if proposed else ""
    top = headline(message.template, message.params, locale, when)
    if message.params.get("was") not in (None, card.order.state):  # redrawn after a move
        top += t(locale, "card.now", state=t(locale, f"state.{card.order.state}"))
    if card.view is None:
        return top, None
    body = card_text(card.view, services.catalog, locale, card.names.station, card.names.team)
    if message.params.get("state", card.order.state) != card.order.state:
        body += t(locale, "card.changed")  # drawn after a later change: as it stands now
    return f"{top}\n\n{body}", buttons(card.actions, locale, card.teams)


def telegram_deliver(services: Services, bot: Bot) -> Deliver:
    async def deliver(message: OutboxMessage) -> int | None:
        try:
            if message.template == TAKEN:
                return await _edit_offer(bot, message)
            if message.template == REFRESH:
                return await _redraw(services, bot, message)
            if message.template == COORDINATOR_MONTHLY:
                return await send_monthly(services, bot, message)
            text, markup = await render(services, message, bot.username)
            sent = await bot.send_message(chat_of(message), text, reply_markup=markup)
        except Forbidden as exc:
            raise RecipientGone(str(exc)) from exc
        except ChatMigrated as exc:  # the group became a supergroup: follow it, send again
            await follow_migration(services, chat_of(message), exc.new_chat_id)
            raise RetryLater(0, f"group moved to {exc.new_chat_id}") from exc
        except RetryAfter as exc:
            raise RetryLater(retry_seconds(exc.retry_after)) from exc
        except BadRequest as exc:
            if any(gone in str(exc).lower() for gone in _NO_ACCESS):
                raise RecipientGone(str(exc)) from exc
            raise
        return sent.message_id

    return deliver


def taken_text(params: dict[str, Any], locale: str = "zh") -> str:
    if params.get("team"):
        return t(locale, "offer.taken_by", code=params["code"], team=params["team"])
    state = t(locale, f"state.{params.get('state', 'cancelled')}")
    return t(locale, "offer.ended", code=params["code"], state=state)


async def _edit_offer(bot: Bot, message: OutboxMessage) -> None:
    """Edit one copy of an offer card in place: who took it, and no more buttons."""
    try:
        await bot.edit_message_text(
            taken_text(message.params),
            chat_id=chat_of(message),
            message_id=int(message.params["edit"]),
            reply_markup=InlineKeyboardMarkup([]),
        )
    except BadRequest as exc:
        # The copy was deleted, or already shows this text: nothing is left to do.
        if "not found" in str(exc).lower() or "not modified" in str(exc).lower():
            log.info("offer card in %s not edited: %s", message.to, exc)
            return None
        raise
    return None


async def _redraw(services: Services, bot: Bot, message: OutboxMessage) -> None:
    """Draw a card already sent again, as the order stands now, in place (its receipt)."""
    original = dataclasses.replace(
        message,
        template=message.params["template"],
        # Drawn as the order stands now: no "it moved on since" note, it shows the move,
        # and the headline (新订单待派单) says where the order is now.
        params={
            **{k: v for k, v in message.params["params"].items() if k != "state"},
            "was": message.params["params"].get("state"),
        },
        actions=message.params["actions"],
    )
    try:
        text, markup = await render(services, original, bot.username)
    except Superseded:  # the reader may no longer see it: take its buttons away at least
        text, markup = None, None
    try:
        if text is None:
            await bot.edit_message_reply_markup(
                chat_of(message), int(message.params["edit"]), reply_markup=InlineKeyboardMarkup([])
            )
        else:
            await bot.edit_message_text(
                text,
                chat_id=chat_of(message),
                message_id=int(message.params["edit"]),
                reply_markup=markup or InlineKeyboardMarkup([]),
            )
    except BadRequest as exc:
        if "not found" in str(exc).lower() or "not modified" in str(exc).lower():
            return None  # deleted, or it already showed this: nothing to do
        raise
    return None


def chat_of(message: OutboxMessage) -> int:
    """The Telegram chat id an outbox address names."""
    return int(message.to.address)


async def follow_migration(services: Services, old_chat_id: int, new_chat_id: int) -> None:
    await services.groups.moved(CHANNEL, str(old_chat_id), str(new_chat_id))
