"""The last steps of 点单: when the resident would like the service, the phone to call,
and the summary to confirm."""

from __future__ import annotations

from datetime import date, timedelta

from telegram import (
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)

from bot.domain import dates
from bot.domain.clock import local_date
from bot.domain.privacy import mask_phone, normalize_phone
from bot.domain.workflow import WorkflowError
from handlers.telegram.context import BotContext
from handlers.telegram.effects import answer
from handlers.telegram.order_steps import (
    PHONE,
    SHORT_TEXT,
    SUMMARY,
    WHEN,
    WHEN_DATE,
    buttons,
    draft_of,
    reply,
    text_or_reask,
)
from handlers.telegram.when import examples, reading_text, refusal
from texts import refused_words


def when_buttons(update: Update, context: BotContext) -> InlineKeyboardMarkup:
    return buttons([(context.t(update, f"when.{k}"), f"w:{k}") for k in _WINDOWS])


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


def today_of(context: BotContext) -> date:
    return local_date(context.services.clock.now())


async def picked_when(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    await answer(update, "")
    kind = query.data.removeprefix("w:")
    if kind not in _WINDOWS:
        await reply(update, context.t(update, "error.stale"))
        return WHEN
    if kind == "date":
        hint = examples(context.locale(update), today_of(context))
        await reply(update, context.t(update, "order.when_date", examples=hint))
        return WHEN_DATE
    return await _window_chosen(update, context, kind)


async def _window_chosen(update: Update, context: BotContext, kind: str) -> int:
    start, end = _window(kind, today_of(context))
    label = context.t(update, f"when.{kind}")
    draft_of(context).update(
        preferred_label=label, preferred_from=start.isoformat(), preferred_to=end.isoformat()
    )
    return await _ask_phone(update, context)


async def typed_when(update: Update, context: BotContext) -> int:
    """Text where buttons were offered: a window word or a date is taken as if chosen."""
    text = await text_or_reask(update, context, SHORT_TEXT)
    if text is None:
        return WHEN
    if text in _WINDOW_WORDS:
        return await _window_chosen(update, context, _WINDOW_WORDS[text])
    return await _date_chosen(update, context, text, WHEN)


async def typed_date(update: Update, context: BotContext) -> int:
    text = await text_or_reask(update, context, SHORT_TEXT)
    if text is None:
        return WHEN_DATE
    return await _date_chosen(update, context, text, WHEN_DATE)


async def _date_chosen(update: Update, context: BotContext, text: str, step: int) -> int:
    locale, today = context.locale(update), today_of(context)
    try:
        reading = dates.wished_day(text, today)
    except dates.DateError as exc:
        if step == WHEN and exc.code == "unreadable":  # not a date: say what the buttons are
            hint = context.t(update, "order.when_buttons", examples=examples(locale, today))
            await reply(update, hint, when_buttons(update, context))
        else:
            await reply(update, refusal(exc, locale, today))
        return step
    # A wish keeps a part of day as written (上午), rather than an hour nobody chose.
    label = reading_text(reading, "zh", assume=False)
    draft_of(context).update(
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
    await reply(update, f"{echo}\n{question}" if echo else question, keyboard)
    return PHONE


async def shared_contact(update: Update, context: BotContext) -> int:
    message, user = update.effective_message, update.effective_user
    assert message is not None and message.contact is not None and user is not None
    if message.contact.user_id != user.id:
        await reply(update, context.t(update, "order.phone_not_yours"))
        return PHONE
    return await _store_phone(update, context, message.contact.phone_number)


async def typed_phone(update: Update, context: BotContext) -> int:
    text = await text_or_reask(update, context, SHORT_TEXT)
    if text is None:
        return PHONE
    if text in (context.t(update, "order.phone_skip"), "跳过", "Skip"):
        draft_of(context)["contact_phone"] = None
        return await summary(update, context)
    return await _store_phone(update, context, text)


async def _store_phone(update: Update, context: BotContext, raw: str) -> int:
    try:
        draft_of(context)["contact_phone"] = normalize_phone(raw)
    except WorkflowError as exc:
        await reply(update, refused_words(context.locale(update), exc))
        return PHONE
    return await summary(update, context)


async def summary(update: Update, context: BotContext) -> int:
    d = draft_of(context)
    # The phone keyboard goes with a message that says what became of the phone.
    phone = mask_phone(d.get("contact_phone"))
    kept = context.t(update, "order.phone_kept", phone=phone) if phone else None
    await reply(update, kept or context.t(update, "order.phone_none"), ReplyKeyboardRemove())
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
    await reply(update, text, buttons([(context.t(update, "order.submit"), "ok")]))
    return SUMMARY
