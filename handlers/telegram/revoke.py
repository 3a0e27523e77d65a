"""/revoke: the coordinator takes a role away, after choosing the person and confirming.

rv:p:<page>             a page of the people holding roles in the coordinator's places
rv:<person>:<role>:<scope>      choose one role of one person (asks to confirm)
rv!:<person>:<role>:<scope>     confirmed: revoke
"""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.workflow import Role, WorkflowError
from bot.services.people import INVITABLE
from handlers.telegram.context import BotContext
from handlers.telegram.coordinator import _jurisdictions
from handlers.telegram.effects import after_action, answer, edit_buttons
from handlers.telegram.paging import page_of
from texts import refused_words

REVOKE_DATA = r"^rv[!:]"
_CHOICE = re.compile(r"^rv(!?):(\d{1,15}):([a-z_]{1,20}):([A-Za-z0-9_.-]{1,40})$")
_PAGE = re.compile(r"^rv:p:(\d{1,4})$")


async def revoke(update: Update, context: BotContext) -> None:
    await _list(update, context, 0)


async def _list(update: Update, context: BotContext, page: int) -> None:
    places = await _jurisdictions(update, context)
    if not places:
        return
    assert update.effective_user is not None and update.effective_message is not None
    holders = []
    for place in places:
        holders += await context.services.people.holders(context.person_id, place)
    choices = [
        (
            f"{h.name or h.person_id} · "
            + context.t(
                update, "role.held", place=h.scope_name, role=context.t(update, f"role.{h.role}")
            ),
            f"rv:{h.person_id}:{h.role}:{h.scope}",
        )
        for h in holders
        if h.person_id != context.person_id and Role(h.role) in INVITABLE
    ]
    if not choices:
        await update.effective_message.reply_text(context.t(update, "revoke.none"))
        return
    markup = page_of(choices, page, lambda n: f"rv:p:{n}", context.locale(update), size=20)
    if update.callback_query:
        await edit_buttons(update, markup)
        return
    await update.effective_message.reply_text(context.t(update, "revoke.pick"), reply_markup=markup)


async def on_revoke_button(update: Update, context: BotContext) -> None:
    data = update.callback_query.data if update.callback_query else ""
    if (paged := _PAGE.match(data or "")) is not None:
        await answer(update, "")
        await _list(update, context, int(paged[1]))
        return
    choice = _CHOICE.match(data or "")
    role = next((r for r in INVITABLE if choice and r.value == choice[3]), None)
    if choice is None or role is None:
        await answer(update, context.t(update, "error.stale"), alert=True)
        return
    confirmed, person, scope = choice[1] == "!", int(choice[2]), choice[4]
    if not confirmed:
        await _confirm(update, context, person, role, scope)
        return
    await _revoke(update, context, person, role, scope)


async def _confirm(
    update: Update, context: BotContext, person: int, role: Role, scope: str
) -> None:
    if not await _jurisdictions(update, context):
        return
    await answer(update, "")
    name, place = await context.services.people.grant_names(person, role, scope)
    button = InlineKeyboardButton(
        context.t(update, "revoke.yes"), callback_data=f"rv!:{person}:{role.value}:{scope}"
    )
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        context.t(
            update,
            "revoke.confirm",
            person=name,
            role=context.t(update, f"role.{role.value}"),
            scope=place,
        ),
        reply_markup=InlineKeyboardMarkup([[button]]),
    )


async def _revoke(update: Update, context: BotContext, person: int, role: Role, scope: str) -> None:
    assert update.effective_user is not None and update.effective_message is not None
    try:
        done = await context.services.people.revoke(context.person_id, person, role, scope)
    except WorkflowError as exc:
        await answer(update, refused_words(context.locale(update), exc), alert=True)
        return
    await answer(update, context.t(update, "revoke.done_short"))
    await edit_buttons(update, InlineKeyboardMarkup([]))
    await update.effective_message.reply_text(
        context.t(
            update,
            "revoke.done",
            name=done.name or done.person_id,
            label=context.t(
                update,
                "role.label",
                place=done.place,
                role=context.t(update, f"role.{done.role.value}"),
            ),
        )
    )
    await after_action(context, None)
