"""/my for residents and /queue for staff: one message, one row of buttons per order."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.order import Order
from bot.domain.workflow import Cmd, Role
from handlers.telegram.cards import callback
from handlers.telegram.context import BotContext
from handlers.telegram.hints import forbidden
from texts import t

SHOWN = 20  # orders per message: Telegram allows 100 buttons, people read fewer
_QUEUES = (
    (Role.station, "station"),
    (Role.agency, "agency"),
    (Role.team_leader, "team"),
    (Role.team_member, "team"),
    (Role.coordinator, "coordinator"),
)


def order_rows(
    found: list[tuple[Order, list[Cmd]]], locale: str
) -> tuple[list[str], list[list[InlineKeyboardButton]]]:
    lines, rows = [], []
    for order, cmds in found[:SHOWN]:
        state = t(locale, f"state.{order.state}")
        text = order.request_text[:24]
        lines.append(t(locale, "list.line", code=order.code, state=state, text=text))
        row = [
            InlineKeyboardButton(
                f"{order.code} {t(locale, 'btn.details')}",
                callback_data=callback("details", order.id),
            )
        ]
        # The commonest next steps fit beside it; the card (details) has them all.
        for cmd in cmds[:2]:
            label = t(locale, f"btn.{cmd.value}")
            row.append(InlineKeyboardButton(label, callback_data=callback(cmd.value, order.id)))
        rows.append(row)
    if len(found) > SHOWN:
        lines.append(t(locale, "list.more", n=len(found) - SHOWN))
    return lines, rows


async def my_orders(update: Update, context: BotContext) -> None:
    user, message = update.effective_user, update.effective_message
    assert user is not None and message is not None
    found = await context.services.orders.listed(context.person_id, "mine")
    if not found:
        await message.reply_text(context.t(update, "order.none"))
        return
    lines, rows = order_rows(found, context.locale(update))
    text = "\n".join([context.t(update, "list.mine"), *lines])
    await message.reply_text(text, reply_markup=InlineKeyboardMarkup(rows))


async def queue(update: Update, context: BotContext) -> None:
    """What waits for each of the sender's staff roles."""
    user, message = update.effective_user, update.effective_message
    assert user is not None and message is not None
    actor = await context.services.people.actor(context.person_id)
    scopes = list(dict.fromkeys(scope for role, scope in _QUEUES if actor.scopes(role)))
    if not scopes:
        await forbidden(update, context)
        return
    locale = context.locale(update)
    lines, rows = [context.t(update, "list.queue")], []
    for scope in scopes:
        found = await context.services.orders.listed(context.person_id, scope)
        section, section_rows = order_rows(found, locale)
        lines += [
            t(locale, f"list.section.{scope}"),
            *(section or [t(locale, "list.none_for_role")]),
        ]
        rows += section_rows
    if not rows:
        await message.reply_text(context.t(update, "list.queue_empty"))
        return
    kept = within_button_limit(rows)
    if len(kept) < len(rows):
        lines.append(t(locale, "list.buttons_cut", n=len(kept)))
    await message.reply_text("\n".join(lines), reply_markup=InlineKeyboardMarkup(kept))


MAX_BUTTONS = 100  # Telegram refuses a keyboard with more buttons ("reply markup is too long")


def within_button_limit(rows: list[list[InlineKeyboardButton]]) -> list[list[InlineKeyboardButton]]:
    """Whole rows, as many as fit in Telegram's limit on buttons."""
    kept, count = [], 0
    for row in rows:
        if count + len(row) > MAX_BUTTONS:
            break
        kept.append(row)
        count += len(row)
    return kept
