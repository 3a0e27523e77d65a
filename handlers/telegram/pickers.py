"""What a button shows before its command can run: a choice, a question, or the card.

A question that expects a typed answer is asked in the person's private chat,
even when the button was pressed in a team's group, because the answer is
theirs and groups are noisy.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatType

from bot.domain.clock import local_date
from bot.domain.clock import parse_stamp as parse
from bot.domain.privacy import OrderView
from bot.domain.workflow import Cmd
from handlers.telegram.asks import PICKERS, Ask, how_asked
from handlers.telegram.cards import (
    card_text,
    choice_rows,
    command_rows,
    reason_buttons,
    star_buttons,
)
from handlers.telegram.context import BotContext
from handlers.telegram.effects import answer
from handlers.telegram.when import examples, moment_text

# Commands chosen from a list: the list's command, then what it is filled with.
_QUESTIONS = {"propose_time": "ask.time", "report_done": "report.date", "comment": "ask.comment"}


async def ask(update: Update, context: BotContext, cmd: str, order_id: int) -> None:
    if cmd in PICKERS:
        command, kind = PICKERS[cmd]
        target = command.value
        view, _ = await context.services.orders.options(order_id, context.person_id)
        lists = {"agencies": _agencies, "teams": _teams, "tasks": _tasks}
        choices = await lists[kind](update, context, view)
        key = {"agencies": "pick.agency", "teams": "pick.team", "tasks": "pick.task"}[kind]
        if not choices:
            key = "pick.no_team"
        _expect_press(context, f"hint.{kind}" if choices else None)
        await _prompt(
            update, context, context.t(update, key), choice_rows(target, order_id, choices)
        )
        return
    if cmd == "rate":
        _expect_press(context, "hint.stars")
        await _prompt(update, context, context.t(update, "pick.stars"), star_buttons(order_id))
        return
    assert context.user_data is not None
    context.user_data["awaiting"] = {"cmd": cmd, "order": order_id}
    if cmd == "report_done":
        context.user_data["awaiting"].update(step="date", report={"photos": []})
    if cmd in _QUESTIONS:
        await _prompt(update, context, await _question(update, context, cmd, order_id))
        return
    assert how_asked(Cmd(cmd)) is Ask.reason
    markup = reason_buttons(cmd, order_id, context.locale(update))
    await _prompt(update, context, context.t(update, "pick.reason"), markup)


async def _question(update: Update, context: BotContext, cmd: str, order_id: int) -> str:
    """The question a typed answer follows; dates come with examples from today. A report
    begun before the agreed time says that it will be one of 提前完成."""
    locale, now = context.locale(update), context.services.clock.now()
    today, key = local_date(now), _QUESTIONS[cmd]
    ahead = cmd == "propose_time"
    params: dict[str, Any] = {"examples": examples(locale, today, ahead)}
    if cmd == "report_done":
        view = await context.services.orders.view(order_id, context.person_id)
        agreed = parse(view.order.scheduled_at)
        if agreed and now < agreed:
            assert context.user_data is not None
            context.user_data["awaiting"]["early_ok"] = True
            key, params["when"] = "report.date_early", moment_text(agreed, locale)
    return context.t(update, key, **params)


async def details(update: Update, context: BotContext, order_id: int) -> None:
    """The order's card as the presser may see it, with what they may do now."""
    card = await context.services.cards.details(order_id, context.person_id)
    assert card.view is not None
    locale = context.locale(update)
    names = card.names
    text = card_text(card.view, context.services.catalog, locale, names.station, names.team)
    rows = command_rows([a["cmd"] for a in card.actions], order_id, locale, card.teams)
    await _prompt(update, context, text, InlineKeyboardMarkup(rows) if rows else None)


async def _agencies(update: Update, context: BotContext, view: OrderView) -> list[tuple[str, str]]:
    """The task's agencies first; those that declined this order come last, marked."""
    order = view.order
    agencies, declined = await context.services.orders.agency_choices(order)
    mark = context.t(update, "pick.declined")
    return [
        (a.id, a.name + (mark if a.id in declined else ""))
        for a in agencies
        if a.id != order.agency_id
    ]


async def _tasks(update: Update, context: BotContext, view: OrderView) -> list[tuple[str, str]]:
    """The plan's tasks, the router's candidates first; the one it counts toward marked ✓."""
    order = view.order
    plan = context.services.catalog.plan(order.jurisdiction)
    tasks = [task for action in plan.actions for task in action.tasks]
    suggested = [c["task"] for c in order.routed_candidates]
    tasks.sort(key=lambda task: suggested.index(task.id) if task.id in suggested else 99)
    return [(task.id, ("✓ " if task.id == order.task else "") + task.title[:28]) for task in tasks]


async def _teams(update: Update, context: BotContext, view: OrderView) -> list[tuple[str, str]]:
    """Matching teams first (marked ✓), then the jurisdiction's other teams."""
    teams, matching = await context.services.orders.team_choices(view.order)
    return [
        (team.id, ("✓ " if team.id in matching else "") + team.name)
        for team in teams
        if team.id != view.order.team_id
    ]


def _expect_press(context: BotContext, hint: str | None) -> None:
    """Text typed while these buttons wait is answered with what they are for."""
    if context.user_data is not None:
        context.user_data.pop("choice", None)
        if hint:
            context.user_data["choice"] = hint


def _user_id(update: Update) -> int:
    assert update.effective_user is not None
    return update.effective_user.id


async def _prompt(update: Update, context: BotContext, text: str, markup: Any = None) -> None:
    chat = update.effective_chat
    if chat is not None and chat.type != ChatType.PRIVATE:
        await context.bot.send_message(_user_id(update), text, reply_markup=markup)
        await answer(update, context.t(update, "go_private"))
        return
    await answer(update, "")
    assert update.effective_message is not None
    await update.effective_message.reply_text(text, reply_markup=markup)
