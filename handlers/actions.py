"""Buttons on order cards: o:<command>:<order id>[:<argument>].

Callback data carries ids only; who acts is always the update's sender. A
choice (a reason, an agency, stars, a time) is either a second button or the
sender's next text message, remembered in user_data["awaiting"].
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType

from bot.clock import LOCAL_TZ, local_date
from bot.orders import Outcome
from bot.workflow import STATE_NAMES_ZH, NotAllowed, State, WorkflowError
from handlers.cards import callback, needs_choice, preset_reason, reason_buttons, star_buttons
from handlers.context import BotContext
from storage import directory

DATA = re.compile(r"^o:([a-z_]+):(\d{1,12})(?::([A-Za-z0-9_.-]{1,32}))?$")
_REASONED = ("reject", "decline", "cancel", "withdraw")
_DIRECT = ("claim", "publish", "accept", "confirm_time")
KNOWN = {*_REASONED, *_DIRECT, "dispatch", "agencies", "rate", "propose_time", "report_done"}


async def _answer(update: Update, text: str, alert: bool = False) -> None:
    if update.callback_query:
        await update.callback_query.answer(text[:200], show_alert=alert)


async def _team_group_ok(update: Update, context: BotContext) -> bool:
    """In groups, only a team's linked group may act; other groups are ignored."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return True
    async with context.services.db.read() as tx:
        return await directory.team_for_group(tx, chat.id) is not None


async def on_button(update: Update, context: BotContext) -> None:
    query, user = update.callback_query, update.effective_user
    if query is None or user is None or not await _team_group_ok(update, context):
        return
    match = DATA.match(query.data or "")
    if match is None or match[1] not in KNOWN:
        await _answer(update, context.t(update, "error.stale"), alert=True)
        return
    cmd, order_id, arg = match[1], int(match[2]), match[3] or ""
    try:
        await _act(update, context, cmd, order_id, arg)
    except WorkflowError as exc:
        await _answer(update, exc.message, alert=True)


async def on_stale_button(update: Update, context: BotContext) -> None:
    if await _team_group_ok(update, context):
        await _answer(update, context.t(update, "error.stale"), alert=True)


async def _act(update: Update, context: BotContext, cmd: str, order_id: int, arg: str) -> None:
    user = update.effective_user
    assert user is not None
    svc, key = context.services.orders, f"update:{update.update_id}"
    await svc.view(order_id, user.id)  # refuses with 无权限 anyone unrelated to the order
    if cmd == "agencies":
        await _offer_agencies(update, context, order_id)
        return
    if needs_choice(cmd) and not arg:
        await _ask_choice(update, context, cmd, order_id)
        return
    outcome: Outcome
    if cmd == "dispatch":
        outcome = await svc.dispatch(order_id, user.id, key, agency_id=arg or None)
    elif cmd in _REASONED:
        reason = preset_reason(cmd, arg, context.locale(update))
        if reason is None:
            raise NotAllowed("操作已失效")
        outcome = await getattr(svc, cmd)(order_id, user.id, reason, key)
    elif cmd == "rate":
        if not arg.isdigit():
            raise NotAllowed("操作已失效")
        outcome = await svc.rate(order_id, user.id, int(arg), key=key)
    elif cmd in _DIRECT:
        outcome = await getattr(svc, cmd)(order_id, user.id, key)
    else:
        raise NotAllowed("操作已失效")
    await _done(update, context, outcome)


async def _done(update: Update, context: BotContext, outcome: Outcome) -> None:
    if context.user_data is not None:
        context.user_data.pop("awaiting", None)  # a preset button answered the choice
    state = STATE_NAMES_ZH[State(outcome.order.state)]
    await _answer(update, context.t(update, "done.ok", code=outcome.order.code, state=state))
    query = update.callback_query
    if query and query.message:
        await query.edit_message_reply_markup(InlineKeyboardMarkup([]))
    await after_action(context, outcome)


async def after_action(context: BotContext, outcome: Outcome) -> None:
    """Deliver what the command queued, now rather than at the next outbox tick."""
    hook = context.application.bot_data.get("after_action")
    if hook is not None:
        await hook(outcome)


async def _offer_agencies(update: Update, context: BotContext, order_id: int) -> None:
    view = await context.services.orders.view(order_id, update.effective_user.id)  # type: ignore[union-attr]
    order = view.order
    agencies = context.services.catalog.suggested_agencies(order.jurisdiction, order.routed_task)
    rows = [
        [InlineKeyboardButton(a.name, callback_data=callback("dispatch", order_id, a.id))]
        for a in agencies[:12]
    ]
    await _answer(update, "")
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        context.t(update, "pick.agency"), reply_markup=InlineKeyboardMarkup(rows)
    )


async def _ask_choice(update: Update, context: BotContext, cmd: str, order_id: int) -> None:
    assert update.effective_message is not None and context.user_data is not None
    await _answer(update, "")
    if cmd == "rate":
        await update.effective_message.reply_text(
            context.t(update, "pick.stars"), reply_markup=star_buttons(order_id)
        )
        return
    context.user_data["awaiting"] = {"cmd": cmd, "order": order_id}
    if cmd == "report_done":
        context.user_data["awaiting"].update(step="date", report={"photos": []})
        await update.effective_message.reply_text(context.t(update, "report.date"))
        return
    if cmd == "propose_time":
        await update.effective_message.reply_text(context.t(update, "ask.time"))
        return
    await update.effective_message.reply_text(
        context.t(update, "pick.reason"),
        reply_markup=reason_buttons(cmd, order_id, context.locale(update)),
    )


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
        else:
            outcome = await getattr(svc, cmd)(order_id, user.id, message.text, key)
    except WorkflowError as exc:
        await message.reply_text(exc.message)
        if exc.code in ("forbidden", "stale", "taken", "not_found"):
            context.user_data.pop("awaiting", None)
        return
    context.user_data.pop("awaiting", None)
    state = STATE_NAMES_ZH[State(outcome.order.state)]
    await message.reply_text(context.t(update, "done.ok", code=outcome.order.code, state=state))
    await after_action(context, outcome)
