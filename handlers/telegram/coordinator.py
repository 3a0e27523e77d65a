"""The coordinator's (科协) commands: /invite, /stations, /agencies, /teams, /stats.

Reassigning an order is on its card (the details button), like every other
command on an order.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.workflow import Role, WorkflowError
from bot.services.people import INVITABLE, invitable
from handlers.telegram.context import BotContext
from handlers.telegram.effects import answer, edit_buttons
from handlers.telegram.hints import forbidden
from handlers.telegram.paging import page_of
from texts import refused_words, role_from_words

INVITE_DATA = r"^inv:"


async def _jurisdictions(update: Update, context: BotContext) -> list[str]:
    """The sender's coordinated jurisdictions; says 无权限 when there are none."""
    assert update.effective_user is not None
    actor = await context.services.people.actor(context.person_id)
    found = sorted(actor.scopes(Role.coordinator) & set(context.services.catalog.plans))
    if not found:
        if update.callback_query:
            await answer(update, context.t(update, "error.forbidden"), alert=True)
        else:
            await forbidden(update, context)
    return found


async def _scopes(context: BotContext, role: Role, places: list[str]) -> list[tuple[str, str]]:
    return await context.services.directory.scopes(role, places)


async def invite(update: Update, context: BotContext) -> None:
    """/invite, or /invite ROLE SCOPE (阵地 树林召镇新时代文明实践所): a one-time deep link."""
    places = await _jurisdictions(update, context)
    if not places:
        return
    if len(context.args or []) == 2:
        role_word, typed = context.args  # type: ignore[misc]
        role = invitable(role_from_words(role_word))
        scope = await context.services.people.find_scope(role, typed, places) if role else None
        assert update.effective_message is not None
        if role is None or scope is None:
            await update.effective_message.reply_text(
                context.t(update, "invite.unknown", role=role_word, scope=typed)
            )
            return
        await _issue(update, context, role.value, scope)
        return
    rows = [
        [InlineKeyboardButton(context.t(update, f"role.{r.value}"), callback_data=f"inv:{r.value}")]
        for r in INVITABLE
    ]
    if context.user_data is not None:
        context.user_data["choice"] = "hint.invite"
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        context.t(update, "invite.pick_role"), reply_markup=InlineKeyboardMarkup(rows)
    )


async def on_invite_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    places = await _jurisdictions(update, context)
    if not places:
        return
    parts = (query.data or "").split(":")
    if len(parts) == 3:
        await answer(update, "")
        await _issue(update, context, parts[1], parts[2])
        return
    role = next((r for r in INVITABLE if len(parts) > 1 and r.value == parts[1]), None)
    if role is None:  # forged or from an older version: refused, never a KeyError
        await answer(update, context.t(update, "error.stale"), alert=True)
        return
    await answer(update, "")
    choices = await _scopes(context, role, places)
    page = int(parts[3]) if len(parts) == 4 and parts[3].isascii() and parts[3].isdigit() else 0
    markup = page_of(
        [(name, f"inv:{role.value}:{scope}") for scope, name in choices],
        page,
        lambda n: f"inv:{role.value}:page:{n}",
        context.locale(update),
        size=20,
        columns=2,
    )
    if len(parts) == 4:  # 更多: the next page, in the same message
        await edit_buttons(update, markup)
        return
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        context.t(
            update,
            "invite.pick_scope" if choices else "invite.no_scopes",
            role=context.t(update, f"role.{role.value}"),
        ),
        reply_markup=markup,
    )


async def _issue(update: Update, context: BotContext, role_name: str, scope: str) -> None:
    assert update.effective_user is not None and update.effective_message is not None
    if context.user_data is not None:
        context.user_data.pop("choice", None)
    try:
        role = Role(role_name)
        issued = await context.services.people.create_invite(context.person_id, role, scope)
    except ValueError:
        await update.effective_message.reply_text(context.t(update, "error.stale"))
        return
    except WorkflowError as exc:
        await update.effective_message.reply_text(refused_words(context.locale(update), exc))
        return
    link = f"https://t.me/{context.bot.username}?start={issued.code}"
    text = context.t(
        update,
        "invite.issued",
        role=context.t(update, f"role.{role.value}"),
        scope=issued.scope_name,
        expires=issued.expires_at,
        link=link,
        code=issued.code,
    )
    await update.effective_message.reply_text(text)


async def _directory(update: Update, context: BotContext, kind: str) -> None:
    places = await _jurisdictions(update, context)
    assert update.effective_message is not None
    for place in places:
        name = context.services.catalog.plan(place).name
        role = {"stations": Role.station, "agencies": Role.agency, "teams": Role.team_leader}[kind]
        entries = await _scopes(context, role, [place])
        lines = [context.t(update, f"dir.{kind}", jurisdiction=name)]
        lines += [f"{label}（{scope}）" for scope, label in entries] or [
            context.t(update, "dir.empty")
        ]
        await update.effective_message.reply_text("\n".join(lines)[:4000])


async def stations(update: Update, context: BotContext) -> None:
    await _directory(update, context, "stations")


async def agencies(update: Update, context: BotContext) -> None:
    await _directory(update, context, "agencies")


async def teams(update: Update, context: BotContext) -> None:
    await _directory(update, context, "teams")


async def stats(update: Update, context: BotContext) -> None:
    places = await _jurisdictions(update, context)
    assert update.effective_message is not None
    for place in places:
        found = await context.services.directory.stats(place)
        agreed, dispatched = found.agreed, found.dispatched
        name = context.services.catalog.plan(place).name
        lines = [context.t(update, "stats.head", jurisdiction=name)]
        if not found.by_state:
            lines.append(context.t(update, "stats.none"))
        else:
            states = "，".join(
                f"{context.t(update, f'state.{s}')} {n}" for s, n in sorted(found.by_state.items())
            )
            rating = f"{found.average_rating:.1f}" if found.average_rating is not None else "—"
            lines.append(context.t(update, "stats.states", states=states))
            lines.append(
                context.t(
                    update,
                    "stats.done",
                    done=found.completed,
                    rating=rating,
                    hours=f"{found.hours:g}",
                )
            )
        if dispatched:
            share = f"{agreed / dispatched:.0%}"
            lines.append(context.t(update, "stats.agreement", n=agreed, of=dispatched, share=share))
        await update.effective_message.reply_text("\n".join(lines))
