"""Resident 点单: a guided conversation that ends in a submitted order, and /my.

The conversation only collects a draft (UI state); the order exists once the
resident confirms the summary and the service accepts it.
"""

from __future__ import annotations

import functools
import warnings
from datetime import date, timedelta
from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.domain import campaigns, dates
from bot.domain.clock import local_date
from bot.domain.privacy import mask_phone, normalize_phone
from bot.domain.textclean import free_text, parse_count
from bot.domain.workflow import WorkflowError
from catalog.router import MAX_TEXT, RouteError
from handlers.telegram.context import BotContext
from handlers.telegram.drafts import needs_draft
from handlers.telegram.effects import after_action, answer, edit_buttons
from handlers.telegram.keys import command_key
from handlers.telegram.paging import page_of
from handlers.telegram.when import examples, reading_text, refusal
from texts import refused_words

(JURISDICTION, STATION, DESCRIBE, TASK, AUDIENCE, ATTENDANCE, WHEN, WHEN_DATE, PHONE, SUMMARY) = (
    range(10)
)
SHORT_TEXT = 100
STATION_BUTTONS = 12


def _draft(context: BotContext) -> dict[str, Any]:
    assert context.user_data is not None
    return context.user_data.setdefault("draft", {})


def _buttons(rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data)] for label, data in rows]
    )


async def _reply(update: Update, text: str, markup: Any = None) -> None:
    message = update.effective_message
    assert message is not None
    await message.reply_text(text, reply_markup=markup)


async def _text_or_reask(update: Update, context: BotContext, limit: int) -> str | None:
    """The message's text, or None after telling the user what was wrong."""
    message = update.effective_message
    if message is None or not message.text:
        await _reply(update, context.t(update, "not_text"))
        return None
    if len(message.text) > limit:
        await _reply(update, context.t(update, "too_long", limit=limit))
        return None
    text = free_text(message.text)  # what staff will read: nothing invisible
    if not text:
        await _reply(update, context.t(update, "blank"))
        return None
    return text


# --- steps -----------------------------------------------------------------------


async def begin(update: Update, context: BotContext, keep_draft: bool = False) -> int:
    assert context.user_data is not None
    context.user_data.pop("awaiting", None)  # a new order ends any question left open
    context.user_data.pop("choice", None)
    if not keep_draft:
        context.user_data["draft"] = {}
    plans = context.services.catalog.plans
    if len(plans) == 1:
        _draft(context)["jurisdiction"] = next(iter(plans))
        return await _ask_station(update, context, "")
    rows = [(plan.name, f"j:{pid}") for pid, plan in plans.items()]
    await _reply(update, context.t(update, "order.pick_jurisdiction"), _buttons(rows))
    return JURISDICTION


async def picked_jurisdiction(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    await answer(update, "")
    jurisdiction = query.data.removeprefix("j:")
    if jurisdiction not in context.services.catalog.plans:
        await _reply(update, context.t(update, "error.stale"))
        return JURISDICTION
    _draft(context)["jurisdiction"] = jurisdiction
    return await _ask_station(update, context, "")


async def _stations(context: BotContext) -> list[Any]:
    """The stations the picker offers: those matching the typed words, if any match."""
    draft = _draft(context)
    stations = await context.services.directory.stations(draft["jurisdiction"])
    words = draft.get("station_query", "")
    return [s for s in stations if words in s.name] or stations


def _station_page(update: Update, context: BotContext, page: int, stations: list[Any]) -> Any:
    choices = [(s.name, f"s:{s.id}") for s in stations]
    return page_of(choices, page, lambda n: f"sp:{n}", context.locale(update), STATION_BUTTONS)


async def _ask_station(update: Update, context: BotContext, query_text: str) -> int:
    _draft(context)["station_query"] = query_text
    stations = await _stations(context)
    if not stations:
        await _reply(update, context.t(update, "order.no_stations_at_all"))
        return ConversationHandler.END
    found = not query_text or any(query_text in s.name for s in stations)
    if not found:
        _draft(context)["station_query"] = ""
    key = "order.pick_station" if found else "order.no_station"
    markup = _station_page(update, context, 0, stations)
    await _reply(update, context.t(update, key, query=query_text), markup)
    return STATION


async def more_stations(update: Update, context: BotContext) -> int:
    """更多: the next page of stations, in the same message."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await answer(update, "")
    page = query.data.removeprefix("sp:")
    stations = await _stations(context)
    if page.isascii() and page.isdigit() and stations:
        await edit_buttons(update, _station_page(update, context, int(page), stations))
    return STATION


async def filter_stations(update: Update, context: BotContext) -> int:
    text = await _text_or_reask(update, context, SHORT_TEXT)
    return STATION if text is None else await _ask_station(update, context, text)


async def picked_station(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    await answer(update, "")
    station_id = query.data.removeprefix("s:")
    station = await context.services.directory.station(station_id)
    draft = _draft(context)
    if station is None or station.jurisdiction != draft.get("jurisdiction"):
        await _reply(update, context.t(update, "error.stale"))
        return STATION
    draft.update(station_id=station.id, station_name=station.name)
    return await _ask_describe(update, context)


async def _ask_describe(update: Update, context: BotContext) -> int:
    topic = _draft(context).get("topic")
    if topic:  # came from a theme-day link: one tap uses the theme as the description
        markup = _buttons([(context.t(update, "order.use_topic"), "topic")])
        await _reply(update, context.t(update, "order.describe_topic", topic=topic), markup)
    else:
        await _reply(update, context.t(update, "order.describe"))
    return DESCRIBE


async def begin_campaign(update: Update, context: BotContext) -> int:
    """/start c_<campaign>_<station>: an order on a theme day's topic, station known."""
    assert context.user_data is not None
    parsed = campaigns.parse_payload(context.args[0] if context.args else "")
    found = {c.id: c for c in _calendar()}.get(parsed[0]) if parsed else None
    if parsed is None or found is None:
        return await begin(update, context)
    context.user_data["draft"] = {"topic": found.topic}
    station = await context.services.directory.station(parsed[1])
    if station is None or station.jurisdiction not in context.services.catalog.plans:
        return await begin(update, context, keep_draft=True)
    _draft(context).update(
        jurisdiction=station.jurisdiction, station_id=station.id, station_name=station.name
    )
    return await _ask_describe(update, context)


async def use_topic(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None
    await answer(update, "")
    topic = _draft(context).get("topic")
    if not topic:
        await _reply(update, context.t(update, "error.stale"))
        return DESCRIBE
    return await _route(update, context, topic)


@functools.cache
def _calendar() -> tuple[campaigns.Campaign, ...]:
    return tuple(campaigns.load_campaigns())


async def described(update: Update, context: BotContext) -> int:
    text = await _text_or_reask(update, context, MAX_TEXT)
    if text is None:
        return DESCRIBE
    return await _route(update, context, text)


async def _route(update: Update, context: BotContext, text: str) -> int:
    draft = _draft(context)
    router = context.services.catalog.router
    assert router is not None
    try:
        result = router.route(draft["jurisdiction"], text)
    except RouteError as exc:
        await _reply(update, str(exc))
        return DESCRIBE
    draft.update(
        request_text=text,
        routed_candidates=[c.as_dict() for c in result.candidates],
        routed_confident=result.confident,
        routed_reason=result.reason,
        routed_score=result.candidates[0].score if result.candidates else None,
    )
    rows = [
        (f"{c.title}（{'、'.join(c.lead) or result.fallback or '科协统筹'}）", f"t:{c.task}")
        for c in result.candidates[:4]
    ]
    rows.append((context.t(update, "order.other"), "t:-"))
    draft["task_rows"] = rows  # shown again if the resident types instead of pressing
    if result.confident:
        top = result.candidates[0]
        lead = "、".join(top.lead) or (result.fallback or "")
        message = context.t(update, "order.routed", title=top.title, lead=lead)
    else:
        message = context.t(update, "order.unclassified")
    await _reply(update, message, _buttons(rows))
    return TASK


async def picked_task(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    await answer(update, "")
    draft = _draft(context)
    task_id = query.data.removeprefix("t:")
    offered = {c["task"]: c for c in draft.get("routed_candidates", [])}
    if task_id != "-" and task_id not in offered:
        await _reply(update, context.t(update, "error.stale"))
        return TASK
    draft["routed_task"] = None if task_id == "-" else task_id
    draft["task_title"] = offered[task_id]["title"] if task_id in offered else None
    await _reply(update, context.t(update, "order.audience"))
    return AUDIENCE


async def audience(update: Update, context: BotContext) -> int:
    text = await _text_or_reask(update, context, SHORT_TEXT)
    if text is None:
        return AUDIENCE
    _draft(context)["audience"] = text
    await _reply(update, context.t(update, "order.attendance"))
    return ATTENDANCE


async def attendance(update: Update, context: BotContext) -> int:
    text = await _text_or_reask(update, context, SHORT_TEXT)
    if text is None:
        return ATTENDANCE
    count = parse_count(text, 1, 100000)  # "40", "４０" and "40人" alike; "²" is refused
    if count is None:
        await _reply(update, context.t(update, "order.attendance_bad"))
        return ATTENDANCE
    _draft(context)["expected_attendance"] = count
    await _reply(update, context.t(update, "order.when"), _when_buttons(update, context))
    return WHEN


def _when_buttons(update: Update, context: BotContext) -> InlineKeyboardMarkup:
    return _buttons([(context.t(update, f"when.{k}"), f"w:{k}") for k in _WINDOWS])


def _window(kind: str, today: date) -> tuple[date, date]:
    if kind == "this_week":
        return today, today + timedelta(days=6 - today.weekday())
    if kind == "next_week":
        monday = today + timedelta(days=7 - today.weekday())
        return monday, monday + timedelta(days=6)
    return today, today + timedelta(days=30)


_WINDOWS = ("this_week", "next_week", "this_month", "date")
# Window words typed instead of pressed.
_WINDOW_WORDS = {"本周": "this_week", "这周": "this_week", "下周": "next_week"}
_WINDOW_WORDS |= {"本月": "this_month", "本月内": "this_month", "这个月": "this_month"}


def _today(context: BotContext) -> date:
    return local_date(context.services.clock.now())


async def picked_when(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    await answer(update, "")
    kind = query.data.removeprefix("w:")
    if kind not in _WINDOWS:
        await _reply(update, context.t(update, "error.stale"))
        return WHEN
    if kind == "date":
        hint = examples(context.locale(update), _today(context))
        await _reply(update, context.t(update, "order.when_date", examples=hint))
        return WHEN_DATE
    return await _window_chosen(update, context, kind)


async def _window_chosen(update: Update, context: BotContext, kind: str) -> int:
    start, end = _window(kind, _today(context))
    label = context.t(update, f"when.{kind}")
    _draft(context).update(
        preferred_label=label, preferred_from=start.isoformat(), preferred_to=end.isoformat()
    )
    return await _ask_phone(update, context)


async def typed_when(update: Update, context: BotContext) -> int:
    """Text where buttons were offered: a window word or a date is taken as if chosen."""
    text = await _text_or_reask(update, context, SHORT_TEXT)
    if text is None:
        return WHEN
    if text in _WINDOW_WORDS:
        return await _window_chosen(update, context, _WINDOW_WORDS[text])
    return await _date_chosen(update, context, text, WHEN)


async def typed_date(update: Update, context: BotContext) -> int:
    text = await _text_or_reask(update, context, SHORT_TEXT)
    if text is None:
        return WHEN_DATE
    return await _date_chosen(update, context, text, WHEN_DATE)


async def _date_chosen(update: Update, context: BotContext, text: str, step: int) -> int:
    locale, today = context.locale(update), _today(context)
    try:
        reading = dates.wished_day(text, today)
    except dates.DateError as exc:
        if step == WHEN and exc.code == "unreadable":  # not a date: say what the buttons are
            hint = context.t(update, "order.when_buttons", examples=examples(locale, today))
            await _reply(update, hint, _when_buttons(update, context))
        else:
            await _reply(update, refusal(exc, locale, today))
        return step
    # A wish keeps a part of day as written (上午), rather than an hour nobody chose.
    label = reading_text(reading, "zh", assume=False)
    _draft(context).update(
        preferred_label=label,
        preferred_from=reading.day.isoformat(),
        preferred_to=reading.day.isoformat(),
    )
    when = reading_text(reading, locale, assume=False)
    return await _ask_phone(update, context, context.t(update, "order.when_set", when=when))


async def _ask_phone(update: Update, context: BotContext, echo: str = "") -> int:
    keyboard = ReplyKeyboardMarkup(
        [
            [KeyboardButton(context.t(update, "order.phone_share"), request_contact=True)],
            [KeyboardButton(context.t(update, "order.phone_skip"))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
    question = context.t(update, "order.phone")
    await _reply(update, f"{echo}\n{question}" if echo else question, keyboard)
    return PHONE


async def shared_contact(update: Update, context: BotContext) -> int:
    message, user = update.effective_message, update.effective_user
    assert message is not None and message.contact is not None and user is not None
    if message.contact.user_id != user.id:
        await _reply(update, context.t(update, "order.phone_not_yours"))
        return PHONE
    return await _store_phone(update, context, message.contact.phone_number)


async def typed_phone(update: Update, context: BotContext) -> int:
    text = await _text_or_reask(update, context, SHORT_TEXT)
    if text is None:
        return PHONE
    if text in (context.t(update, "order.phone_skip"), "跳过", "Skip"):
        _draft(context)["contact_phone"] = None
        return await _summary(update, context)
    return await _store_phone(update, context, text)


async def _store_phone(update: Update, context: BotContext, raw: str) -> int:
    try:
        _draft(context)["contact_phone"] = normalize_phone(raw)
    except WorkflowError as exc:
        await _reply(update, refused_words(context.locale(update), exc))
        return PHONE
    return await _summary(update, context)


async def _summary(update: Update, context: BotContext) -> int:
    d = _draft(context)
    # The phone keyboard goes with a message that says what became of the phone.
    phone = mask_phone(d.get("contact_phone"))
    kept = context.t(update, "order.phone_kept", phone=phone) if phone else None
    await _reply(update, kept or context.t(update, "order.phone_none"), ReplyKeyboardRemove())
    text = context.t(
        update,
        "order.summary",
        station=d["station_name"],
        text=d["request_text"],
        task=d.get("task_title") or context.t(update, "order.other"),
        audience=d.get("audience", ""),
        attendance=d.get("expected_attendance", ""),
        when=d.get("preferred_label", ""),
        phone=mask_phone(d.get("contact_phone")) or "—",
    )
    await _reply(update, text, _buttons([(context.t(update, "order.submit"), "ok")]))
    return SUMMARY


async def submit(update: Update, context: BotContext) -> int:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    await answer(update, "")
    d = _draft(context)
    fields = {
        k: d.get(k)
        for k in (
            "jurisdiction",
            "station_id",
            "request_text",
            "audience",
            "expected_attendance",
            "preferred_label",
            "preferred_from",
            "preferred_to",
            "contact_phone",
            "routed_task",
            "routed_candidates",
            "routed_score",
            "routed_confident",
            "routed_reason",
        )
        if d.get(k) is not None
    }
    try:
        outcome = await context.services.orders.submit(
            context.person_id, user.full_name, fields, key=command_key(update)
        )
    except WorkflowError as exc:
        await _reply(
            update, refused_words(context.locale(update), exc)
        )  # the draft is kept; the resident may /cancel
        return SUMMARY
    assert context.user_data is not None
    context.user_data.pop("draft", None)
    await _reply(update, context.t(update, "order.submitted", code=outcome.order.code))
    await after_action(context, outcome)
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop("draft", None)
    context.user_data.pop("awaiting", None)  # a reason, time, report or comment being asked
    context.user_data.pop("choice", None)  # buttons to press
    await _reply(update, context.t(update, "cancelled"), ReplyKeyboardRemove())
    return ConversationHandler.END


async def not_text(update: Update, context: BotContext) -> None:
    await _reply(update, context.t(update, "not_text"))


# Steps that wait for a button: typed text is answered with what the buttons mean.
async def _press_jurisdiction(update: Update, context: BotContext) -> int:
    rows = [(plan.name, f"j:{pid}") for pid, plan in context.services.catalog.plans.items()]
    await _reply(update, context.t(update, "order.press_jurisdiction"), _buttons(rows))
    return JURISDICTION


async def _press_task(update: Update, context: BotContext) -> int:
    rows = [tuple(row) for row in _draft(context).get("task_rows", [])]
    await _reply(update, context.t(update, "order.press_task"), _buttons(rows) if rows else None)
    return TASK


async def _press_submit(update: Update, context: BotContext) -> int:
    markup = _buttons([(context.t(update, "order.submit"), "ok")])
    await _reply(update, context.t(update, "order.press_submit"), markup)
    return SUMMARY


def _button_step(callback: Any, hint: Any) -> list[Any]:
    return [callback, MessageHandler(~filters.COMMAND, hint)]


def _text_step(callback: Any) -> list[Any]:
    return [
        MessageHandler(filters.TEXT & ~filters.COMMAND, callback),
        MessageHandler(~filters.COMMAND, not_text),
    ]


def order_conversation() -> ConversationHandler[BotContext]:
    # One conversation per user and chat; its buttons belong to whatever message
    # is current, so per_message=False is deliberate and PTB's warning is noise.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "If 'per_message=False'", PTBUserWarning)
        return _conversation()


def _guarded(handlers: list[Any]) -> list[Any]:
    """The steps after the jurisdiction is chosen end the conversation if the draft expired."""
    for handler in handlers:
        handler.callback = needs_draft(handler.callback)
    return handlers


def _conversation() -> ConversationHandler[BotContext]:
    conversation = ConversationHandler(
        entry_points=[
            CommandHandler("order", begin, filters.ChatType.PRIVATE),
            CommandHandler(
                "start", begin_campaign, filters.ChatType.PRIVATE & filters.Regex(r"^/start c_")
            ),
        ],
        states={
            JURISDICTION: _button_step(
                CallbackQueryHandler(picked_jurisdiction, pattern=r"^j:"), _press_jurisdiction
            ),
            STATION: [
                CallbackQueryHandler(picked_station, pattern=r"^s:"),
                CallbackQueryHandler(more_stations, pattern=r"^sp:"),
                *_text_step(filter_stations),
            ],
            DESCRIBE: [CallbackQueryHandler(use_topic, pattern=r"^topic$"), *_text_step(described)],
            TASK: _button_step(CallbackQueryHandler(picked_task, pattern=r"^t:"), _press_task),
            AUDIENCE: _text_step(audience),
            ATTENDANCE: _text_step(attendance),
            WHEN: [CallbackQueryHandler(picked_when, pattern=r"^w:"), *_text_step(typed_when)],
            WHEN_DATE: _text_step(typed_date),
            PHONE: [MessageHandler(filters.CONTACT, shared_contact), *_text_step(typed_phone)],
            SUMMARY: _button_step(CallbackQueryHandler(submit, pattern=r"^ok$"), _press_submit),
        },
        fallbacks=[CommandHandler("cancel", cancel)],
        allow_reentry=True,
        name="order",
        persistent=True,
    )
    for state, handlers in conversation.states.items():
        if state != JURISDICTION:
            _guarded(handlers)
    return conversation
