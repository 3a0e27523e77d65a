"""Resident 点单: a guided conversation that ends in a submitted order, and /my.

The conversation only collects a draft (UI state); the order exists once the
resident confirms the summary and the service accepts it.
"""

from __future__ import annotations

import functools
import warnings
from typing import Any

from telegram import (
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

from bot.domain import campaigns
from bot.domain.textclean import parse_count
from bot.domain.workflow import WorkflowError
from catalog.router import MAX_TEXT, RouteError
from handlers.telegram.context import BotContext
from handlers.telegram.drafts import needs_draft
from handlers.telegram.effects import after_action, answer, edit_buttons
from handlers.telegram.keys import command_key
from handlers.telegram.order_finish import (
    picked_when,
    shared_contact,
    typed_date,
    typed_phone,
    typed_when,
    when_buttons,
)
from handlers.telegram.order_steps import (
    ATTENDANCE,
    AUDIENCE,
    DESCRIBE,
    JURISDICTION,
    PHONE,
    SHORT_TEXT,
    STATION,
    STATION_BUTTONS,
    SUMMARY,
    TASK,
    WHEN,
    WHEN_DATE,
    buttons,
    draft_of,
    reply,
    text_or_reask,
)
from handlers.telegram.paging import page_of
from texts import refused_words

# --- steps -----------------------------------------------------------------------


async def begin(update: Update, context: BotContext, keep_draft: bool = False) -> int:
    assert context.user_data is not None
    context.user_data.pop("awaiting", None)  # a new order ends any question left open
    context.user_data.pop("choice", None)
    if not keep_draft:
        context.user_data["draft"] = {}
    plans = context.services.catalog.plans
    if len(plans) == 1:
        draft_of(context)["jurisdiction"] = next(iter(plans))
        return await _ask_station(update, context, "")
    rows = [(plan.name, f"j:{pid}") for pid, plan in plans.items()]
    await reply(update, context.t(update, "order.pick_jurisdiction"), buttons(rows))
    return JURISDICTION


async def picked_jurisdiction(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    await answer(update, "")
    jurisdiction = query.data.removeprefix("j:")
    if jurisdiction not in context.services.catalog.plans:
        await reply(update, context.t(update, "error.stale"))
        return JURISDICTION
    draft_of(context)["jurisdiction"] = jurisdiction
    return await _ask_station(update, context, "")


async def _stations(context: BotContext) -> list[Any]:
    """The stations the picker offers: those matching the typed words, if any match."""
    draft = draft_of(context)
    stations = await context.services.directory.stations(draft["jurisdiction"])
    words = draft.get("station_query", "")
    return [s for s in stations if words in s.name] or stations


def _station_page(update: Update, context: BotContext, page: int, stations: list[Any]) -> Any:
    choices = [(s.name, f"s:{s.id}") for s in stations]
    return page_of(choices, page, lambda n: f"sp:{n}", context.locale(update), STATION_BUTTONS)


async def _ask_station(update: Update, context: BotContext, query_text: str) -> int:
    draft_of(context)["station_query"] = query_text
    stations = await _stations(context)
    if not stations:
        await reply(update, context.t(update, "order.no_stations_at_all"))
        return ConversationHandler.END
    found = not query_text or any(query_text in s.name for s in stations)
    if not found:
        draft_of(context)["station_query"] = ""
    key = "order.pick_station" if found else "order.no_station"
    markup = _station_page(update, context, 0, stations)
    await reply(update, context.t(update, key, query=query_text), markup)
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
    text = await text_or_reask(update, context, SHORT_TEXT)
    return STATION if text is None else await _ask_station(update, context, text)


async def picked_station(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    await answer(update, "")
    station_id = query.data.removeprefix("s:")
    station = await context.services.directory.station(station_id)
    draft = draft_of(context)
    if station is None or station.jurisdiction != draft.get("jurisdiction"):
        await reply(update, context.t(update, "error.stale"))
        return STATION
    draft.update(station_id=station.id, station_name=station.name)
    return await _ask_describe(update, context)


async def _ask_describe(update: Update, context: BotContext) -> int:
    topic = draft_of(context).get("topic")
    if topic:  # came from a theme-day link: one tap uses the theme as the description
        markup = buttons([(context.t(update, "order.use_topic"), "topic")])
        await reply(update, context.t(update, "order.describe_topic", topic=topic), markup)
    else:
        await reply(update, context.t(update, "order.describe"))
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
    draft_of(context).update(
        jurisdiction=station.jurisdiction, station_id=station.id, station_name=station.name
    )
    return await _ask_describe(update, context)


async def use_topic(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None
    await answer(update, "")
    topic = draft_of(context).get("topic")
    if not topic:
        await reply(update, context.t(update, "error.stale"))
        return DESCRIBE
    return await _route(update, context, topic)


@functools.cache
def _calendar() -> tuple[campaigns.Campaign, ...]:
    return tuple(campaigns.load_campaigns())


async def described(update: Update, context: BotContext) -> int:
    text = await text_or_reask(update, context, MAX_TEXT)
    if text is None:
        return DESCRIBE
    return await _route(update, context, text)


async def _route(update: Update, context: BotContext, text: str) -> int:
    draft = draft_of(context)
    router = context.services.catalog.router
    assert router is not None
    try:
        result = router.route(draft["jurisdiction"], text)
    except RouteError as exc:
        await reply(update, str(exc))
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
    await reply(update, message, buttons(rows))
    return TASK


async def picked_task(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    await answer(update, "")
    draft = draft_of(context)
    task_id = query.data.removeprefix("t:")
    offered = {c["task"]: c for c in draft.get("routed_candidates", [])}
    if task_id != "-" and task_id not in offered:
        await reply(update, context.t(update, "error.stale"))
        return TASK
    draft["routed_task"] = None if task_id == "-" else task_id
    draft["task_title"] = offered[task_id]["title"] if task_id in offered else None
    await reply(update, context.t(update, "order.audience"))
    return AUDIENCE


async def audience(update: Update, context: BotContext) -> int:
    text = await text_or_reask(update, context, SHORT_TEXT)
    if text is None:
        return AUDIENCE
    draft_of(context)["audience"] = text
    await reply(update, context.t(update, "order.attendance"))
    return ATTENDANCE


async def attendance(update: Update, context: BotContext) -> int:
    text = await text_or_reask(update, context, SHORT_TEXT)
    if text is None:
        return ATTENDANCE
    count = parse_count(text, 1, 100000)  # "40", "４０" and "40人" alike; "²" is refused
    if count is None:
        await reply(update, context.t(update, "order.attendance_bad"))
        return ATTENDANCE
    draft_of(context)["expected_attendance"] = count
    await reply(update, context.t(update, "order.when"), when_buttons(update, context))
    return WHEN


async def submit(update: Update, context: BotContext) -> int:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    await answer(update, "")
    d = draft_of(context)
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
        await reply(
            update, refused_words(context.locale(update), exc)
        )  # the draft is kept; the resident may /cancel
        return SUMMARY
    assert context.user_data is not None
    context.user_data.pop("draft", None)
    await reply(update, context.t(update, "order.submitted", code=outcome.order.code))
    await after_action(context, outcome)
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    assert context.user_data is not None
    context.user_data.pop("draft", None)
    context.user_data.pop("awaiting", None)  # a reason, time, report or comment being asked
    context.user_data.pop("choice", None)  # buttons to press
    await reply(update, context.t(update, "cancelled"), ReplyKeyboardRemove())
    return ConversationHandler.END


async def not_text(update: Update, context: BotContext) -> None:
    await reply(update, context.t(update, "not_text"))


# Steps that wait for a button: typed text is answered with what the buttons mean.
async def _press_jurisdiction(update: Update, context: BotContext) -> int:
    rows = [(plan.name, f"j:{pid}") for pid, plan in context.services.catalog.plans.items()]
    await reply(update, context.t(update, "order.press_jurisdiction"), buttons(rows))
    return JURISDICTION


async def _press_task(update: Update, context: BotContext) -> int:
    rows = [tuple(row) for row in draft_of(context).get("task_rows", [])]
    await reply(update, context.t(update, "order.press_task"), buttons(rows) if rows else None)
    return TASK


async def _press_submit(update: Update, context: BotContext) -> int:
    markup = buttons([(context.t(update, "order.submit"), "ok")])
    await reply(update, context.t(update, "order.press_submit"), markup)
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
