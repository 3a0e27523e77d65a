"""Answers typed after a button asked for them: a reason, a time, a report, a comment.

What is awaited lives in user_data["awaiting"] (persisted, so a restart keeps it).
Only private chats reach these handlers: a dialogue started in a group continues
in the person's private chat with the bot.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from telegram import Update

from bot.clock import LOCAL_TZ, local_date
from bot.workflow import STATE_NAMES_ZH, State, WorkflowError
from handlers.context import BotContext
from handlers.effects import REASONED, after_action

_REPORT_STEPS = ("date", "attendance", "hours", "volunteers", "summary")


async def _report_step(
    update: Update, context: BotContext, awaiting: dict[str, Any], text: str
) -> None:
    """One answer of the completion report; the summary (last) submits it."""
    message = update.effective_message
    assert message is not None
    step, report = awaiting["step"], awaiting["report"]
    today = local_date(context.services.clock.now())
    try:
        if step == "date":
            day = today if text in ("今天", "today") else datetime.strptime(text, "%Y-%m-%d").date()
            if day > today:
                raise ValueError(text)
            report["date"] = day.isoformat()
        elif step == "hours":
            report["hours"] = float(text)
            if not 0 < report["hours"] <= 24:
                raise ValueError(text)
        else:
            report[step] = int(text)
            if report[step] < (1 if step == "volunteers" else 0):
                raise ValueError(text)
    except ValueError:
        await message.reply_text(
            context.t(update, "report.bad_date" if step == "date" else "report.bad_number")
        )
        return
    awaiting["step"] = _REPORT_STEPS[_REPORT_STEPS.index(step) + 1]
    await message.reply_text(context.t(update, f"report.{awaiting['step']}"))


async def on_report_photo(update: Update, context: BotContext) -> None:
    """Photos sent while writing a completion report are attached to it."""
    message = update.effective_message
    awaiting = context.user_data.get("awaiting") if context.user_data else None
    if message is None or not message.photo or not awaiting or awaiting["cmd"] != "report_done":
        return
    photos = awaiting["report"]["photos"]
    if len(photos) < 10:
        photos.append(message.photo[-1].file_id)
    await message.reply_text(context.t(update, "report.photo_kept", count=len(photos)))


def parse_local_time(text: str) -> datetime | None:
    try:
        moment = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        return None
    return moment.replace(tzinfo=LOCAL_TZ).astimezone(UTC)


async def on_awaited_text(update: Update, context: BotContext) -> None:
    """The text answer to a choice asked by a button (a reason or a time)."""
    message, user = update.effective_message, update.effective_user
    if context.user_data is None or message is None or user is None:
        return
    awaiting: dict[str, Any] | None = context.user_data.get("awaiting")
    if not awaiting or not message.text:
        return
    if len(message.text) > 500:
        await message.reply_text(context.t(update, "too_long", limit=500))
        return
    svc, key = context.services.orders, f"update:{update.update_id}"
    cmd, order_id = awaiting["cmd"], awaiting["order"]
    if cmd == "report_done" and awaiting.get("step") != "summary":
        await _report_step(update, context, awaiting, message.text.strip())
        return
    try:
        if cmd == "report_done":
            report = {**awaiting["report"], "summary": message.text.strip()}
            outcome = await svc.report_done(order_id, user.id, report, key)
        elif cmd == "propose_time":
            when = parse_local_time(message.text)
            if when is None:
                await message.reply_text(context.t(update, "ask.time_bad"))
                return
            outcome = await svc.propose_time(order_id, user.id, when, key)
        elif cmd in ("comment", *REASONED):
            outcome = await getattr(svc, cmd)(order_id, user.id, message.text, key)
        else:
            context.user_data.pop("awaiting", None)  # left by an older version: forget it
            return
    except WorkflowError as exc:
        await message.reply_text(exc.message)
        if exc.code in ("forbidden", "stale", "taken", "not_found"):
            context.user_data.pop("awaiting", None)
        return
    context.user_data.pop("awaiting", None)
    state = STATE_NAMES_ZH[State(outcome.order.state)]
    await message.reply_text(context.t(update, "done.ok", code=outcome.order.code, state=state))
    await after_action(context, outcome)
