"""Answers typed after a button asked for them: a reason, a time, a report, a comment.

What is awaited lives in user_data["awaiting"] (persisted, so a restart keeps it).
Only private chats reach these handlers: a dialogue started in a group continues
in the person's private chat with the bot.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import Update

from bot.domain import dates
from bot.domain.clock import local_date
from bot.domain.clock import parse_stamp as parse
from bot.domain.textclean import parse_amount, parse_count
from bot.domain.workflow import Cmd, WorkflowError
from bot.services.orders import Given, Outcome
from handlers.telegram import progress_entry, report_members
from handlers.telegram.asks import Ask, how_asked
from handlers.telegram.context import BotContext
from handlers.telegram.effects import after_action
from handlers.telegram.hints import unanswered
from handlers.telegram.keys import command_key
from handlers.telegram.when import day_text, moment_text, reading_text, refusal
from texts import LOCALES, refused_words, t

_REPORT_STEPS = ("date", "attendance", "hours", "volunteers", "summary")


async def _report_step(
    update: Update, context: BotContext, awaiting: dict[str, Any], text: str
) -> None:
    """One answer of the completion report; the summary (last) submits it."""
    message = update.effective_message
    assert message is not None
    step, report = awaiting["step"], awaiting["report"]
    echo = ""
    if step == "date":
        echo = await _report_date(update, context, awaiting, text)
        if not echo:
            return
    else:
        # "２小时", "40人" and "１.５" are numbers too; "²" and "nan" are not.
        value = (
            parse_amount(text, 0, 24)
            if step == "hours"
            else parse_count(text, 1 if step == "volunteers" else 0, 100000)
        )
        if value is None:
            await message.reply_text(context.t(update, "report.bad_number"))
            return
        report[step] = value
    if step == "volunteers":  # who they were: each named volunteer's hours are recorded
        await report_members.ask(update, context, awaiting)
        return
    awaiting["step"] = _REPORT_STEPS[_REPORT_STEPS.index(step) + 1]
    question = context.t(update, f"report.{awaiting['step']}")
    await message.reply_text(f"{echo}{question}")


async def _report_date(
    update: Update, context: BotContext, awaiting: dict[str, Any], text: str
) -> str:
    """The service date, echoed; '' after saying why it was refused.

    A date before the agreed service day needs an explicit 提前完成: the report was
    begun before the agreed time (its question said so), or the word is sent now."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    locale, today = context.locale(update), local_date(context.services.clock.now())
    report = awaiting["report"]
    early = {t(lang, "report.early_word").casefold() for lang in LOCALES}  # any language
    if text.strip().casefold() in early and awaiting.get("early_date"):
        day = date.fromisoformat(awaiting["early_date"])
        report["early"] = True
    else:
        try:
            day = dates.served_day(text, today).day
        except dates.DateError as exc:
            await message.reply_text(refusal(exc, locale, today, ahead=False))
            return ""
        view = await context.services.orders.view(awaiting["order"], context.person_id)
        agreed = parse(view.order.scheduled_at)
        report["early"] = bool(agreed and day < local_date(agreed))
        if report["early"] and not awaiting.get("early_ok"):
            assert agreed is not None
            awaiting["early_date"] = day.isoformat()
            before = context.t(
                update,
                "report.before_agreed",
                day=day_text(day, locale),
                agreed=moment_text(agreed, locale),
            )
            await message.reply_text(before)
            return ""
    report["date"] = day.isoformat()
    early = context.t(update, "report.early") if report["early"] else ""
    return context.t(update, "report.date_set", day=day_text(day, locale), early=early) + "\n"


async def on_report_photo(update: Update, context: BotContext) -> None:
    """Photos sent while writing a completion report are attached to it."""
    message = update.effective_message
    awaiting = context.user_data.get("awaiting") if context.user_data else None
    if message is None or not message.photo:
        return
    if not awaiting or awaiting["cmd"] != "report_done":
        await unanswered(update, context)
        return
    photos = awaiting["report"]["photos"]
    if len(photos) < 10:
        photos.append(message.photo[-1].file_id)
    await message.reply_text(context.t(update, "report.photo_kept", count=len(photos)))


async def _propose(
    update: Update, context: BotContext, order_id: int, key: str
) -> tuple[Outcome, str] | None:
    """The team's time, read from plain Chinese; None after saying why it was refused."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and message.text is not None and user is not None
    now, locale = context.services.clock.now(), context.locale(update)
    try:
        reading = dates.service_time(message.text, now)
    except dates.DateError as exc:
        await message.reply_text(refusal(exc, locale, local_date(now)))
        return None
    outcome = await context.services.orders.propose_time(
        order_id, context.person_id, reading.moment(), key
    )
    return outcome, context.t(update, "ask.time_sent", when=reading_text(reading, locale))


async def on_awaited_text(update: Update, context: BotContext) -> None:
    """The text answer to a choice asked by a button (a reason or a time)."""
    message, user = update.effective_message, update.effective_user
    if context.user_data is None or message is None or user is None:
        return
    awaiting: dict[str, Any] | None = context.user_data.get("awaiting")
    if not message.text:
        return
    if not awaiting:
        await unanswered(update, context)
        return
    if len(message.text) > 500:
        await message.reply_text(context.t(update, "too_long", limit=500))
        return
    if awaiting.get("cmd") == progress_entry.CMD:
        await progress_entry.on_text(update, context, awaiting)
        return
    svc, key = context.services.orders, command_key(update)
    cmd, order_id, sent = awaiting["cmd"], awaiting["order"], ""
    if cmd == "report_done" and awaiting.get("step") == "members":
        await message.reply_text(context.t(update, "report.members_press"))
        return
    if cmd == "report_done" and awaiting.get("step") != "summary":
        await _report_step(update, context, awaiting, message.text.strip())
        return
    try:
        if cmd == "report_done":
            report = {**awaiting["report"], "summary": message.text.strip()}
            outcome = await svc.report_done(order_id, context.person_id, report, key)
        elif cmd == "propose_time":
            proposed = await _propose(update, context, order_id, key)
            if proposed is None:
                return
            outcome, sent = proposed
        elif cmd in Cmd.__members__ and how_asked(Cmd(cmd)) in (Ask.reason, Ask.comment):
            given = Given(reason=message.text)
            outcome = await svc.perform(Cmd(cmd), order_id, context.person_id, key, given)
        else:
            context.user_data.pop("awaiting", None)  # left by an older version: forget it
            return
    except WorkflowError as exc:
        await message.reply_text(refused_words(context.locale(update), exc))
        if exc.code in ("forbidden", "stale", "taken", "not_found", "done_before", "yours"):
            context.user_data.pop("awaiting", None)
        return
    context.user_data.pop("awaiting", None)
    state = context.t(update, f"state.{outcome.order.state}")
    said = "done.again" if outcome.repeated else "done.ok"  # a redelivered message says so
    done = context.t(update, said, code=outcome.order.code, state=state)
    await message.reply_text(f"{done}\n{sent}" if sent else done)
    await after_action(context, outcome)
