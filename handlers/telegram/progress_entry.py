"""Entering progress orders cannot count: a number, a note, a date, one answer at a time.

What is asked lives in user_data["awaiting"] (cmd progress_entry), persisted like every
other question, so a restart resumes it and /cancel drops it.
"""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot.domain import dates
from bot.domain.textclean import parse_amount
from bot.domain.workflow import InvalidInput, WorkflowError
from bot.reports.summary import number
from bot.services.accountability import AMOUNT_LIMIT, NOTE_LIMIT, Entered
from handlers.telegram.context import BotContext
from handlers.telegram.effects import answer
from handlers.telegram.keys import command_key
from handlers.telegram.when import refusal
from texts import refused_words

CMD = "progress_entry"
_MINUS = ("-", "－", "−", "减")


async def begin(update: Update, context: BotContext, place: str, task_id: str, index: int) -> None:
    goal = context.services.accountability.manual_target(place, task_id, index)
    await answer(update, "")
    assert context.user_data is not None and update.effective_chat is not None
    context.user_data["awaiting"] = {
        "cmd": CMD,
        "place": place,
        "task": task_id,
        "index": index,
        "step": "amount",
    }
    target = goal.target
    text = context.t(
        update,
        "entry.amount",
        task=f"{goal.task.id} {goal.task.title}",
        metric=target.metric,
        goal=number(target.value),
        unit=target.unit,
    )
    await context.bot.send_message(update.effective_chat.id, text)


def read_amount(text: str) -> float | None:
    """2, 1.5, ２所; a correction is negative: -1, －1, 减1."""
    text = text.strip()
    sign = -1 if text.startswith(_MINUS) else 1
    if sign < 0:
        text = text[1:].strip()
    value = parse_amount(text, 0, AMOUNT_LIMIT)
    return None if value is None else sign * value


async def on_text(update: Update, context: BotContext, awaiting: dict[str, Any]) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None
    text = message.text.strip()
    if awaiting["step"] == "amount":
        amount = read_amount(text)
        if amount is None:
            await message.reply_text(context.t(update, "entry.bad_amount"))
            return
        awaiting.update(amount=amount, step="note")
        await message.reply_text(context.t(update, "entry.note"))
    elif awaiting["step"] == "note":
        if len(text) > NOTE_LIMIT:
            refused = InvalidInput("field_too_long", field="note", limit=NOTE_LIMIT)
            await message.reply_text(refused_words(context.locale(update), refused))
            return
        awaiting.update(note=text, step="date")
        await message.reply_text(context.t(update, "entry.date"))
    else:
        await _finish(update, context, awaiting, text)


async def _finish(update: Update, context: BotContext, awaiting: dict[str, Any], text: str) -> None:
    message, svc = update.effective_message, context.services.accountability
    assert message is not None and context.user_data is not None
    locale, today = context.locale(update), svc.today()
    try:
        day = dates.served_day(text, today).day
    except dates.DateError as exc:
        await message.reply_text(refusal(exc, locale, today, ahead=False))
        return
    place, goal = awaiting["place"], (awaiting["task"], awaiting["index"])
    try:
        entered = await svc.enter(
            context.person_id, place, goal, awaiting["amount"], awaiting["note"], day,
            command_key(update),
        )  # fmt: skip
    except WorkflowError as exc:
        await message.reply_text(refused_words(locale, exc))
        if exc.code in ("field_empty", "field_too_long"):
            awaiting["step"] = "note"  # the rest stands: ask for the note again
        elif exc.code != "entry_future" and exc.code != "entry_before_plan":
            context.user_data.pop("awaiting", None)
        return
    context.user_data.pop("awaiting", None)
    await message.reply_text(await _saved(update, context, place, entered))


async def _saved(update: Update, context: BotContext, place: str, entered: Entered) -> str:
    if entered.repeated:
        return context.t(update, "entry.again")
    svc = context.services.accountability
    period = svc.period(None)
    plan = await svc.progress(context.person_id, place, period)
    goal = entered.goal
    now = next(g for g in plan.targets() if g.task_id == goal.task.id and g.index == goal.index)
    return context.t(
        update,
        "entry.saved",
        task=goal.task.id,
        metric=goal.target.metric,
        amount=f"{entered.amount:+g}",
        unit=goal.target.unit,
        date=entered.on_date.isoformat(),
        note=entered.note,
        plan=plan.plan.name,
        period=period.label,
        total=number(now.entered),
        goal=number(now.scaled),
    )
