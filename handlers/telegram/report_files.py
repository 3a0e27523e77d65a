"""/report in chat: the summary, the charts as photos and the workbook as a document; and
the workbook the monthly 科协 summary carries (built when it is sent)."""

from __future__ import annotations

import logging

from telegram import Bot, Message, Update

from bot.domain.workflow import Role, WorkflowError
from bot.outbox import OutboxMessage
from bot.outbox.sender import Superseded
from bot.reports.build import Report
from bot.reports.periods import Period
from bot.reports.progress import BEHIND, TO_ENTER
from bot.reports.summary import number
from bot.reports.workbook import SHEETS
from bot.services import Services
from handlers.telegram.context import BotContext
from handlers.telegram.progress_words import fit
from texts import locale_for, refused_words, t

log = logging.getLogger(__name__)

CAPTION_LIMIT = 1000  # Telegram allows 1024 characters under a photo or document
_CHARTS = {"monthly.png": "monthly", "progress.png": "progress", "response.png": "response"}


async def report(update: Update, context: BotContext) -> None:
    """/report [period]: for each jurisdiction the sender coordinates."""
    message, svc = update.effective_message, context.services.accountability
    assert message is not None
    places = await svc.coordinated(context.person_id)
    if not places:
        await message.reply_text(context.t(update, "report.only_coordinator"))
        return
    try:
        period = svc.period(" ".join(context.args or []))
    except WorkflowError as exc:
        await message.reply_text(refused_words(context.locale(update), exc))
        return
    for place in places:
        name = context.services.catalog.plan(place).name
        await message.reply_text(
            context.t(update, "report.preparing", plan=name, period=period.label)
        )
        built = await svc.report(context.person_id, place, period)
        await _send(message, built, f"{name}{period.label}", context.locale(update))


async def _send(message: Message, built: Report, title: str, locale: str) -> None:
    for text in fit([built.text]):
        await message.reply_text(text)
    for file_name, key in _CHARTS.items():
        if file_name in built.charts:
            caption = f"{title}{t(locale, f'report.chart.{key}')}"
            await message.reply_photo(built.charts[file_name], caption=caption)
    await message.reply_document(
        built.workbook,
        filename=workbook_name(title),
        caption=workbook_caption(title, locale)[:CAPTION_LIMIT],
    )


def workbook_name(title: str) -> str:
    return f"{title}规划进度报表.xlsx"


def workbook_caption(title: str, locale: str) -> str:
    return t(
        locale,
        "report.workbook_caption",
        title=title,
        sheets=len(SHEETS),
        names=t(locale, "list.sep").join(SHEETS),
    )


def monthly_caption(built: Report, locale: str) -> str:
    p = built.progress
    assert p is not None
    targets = p.targets()
    return t(
        locale,
        "monthly.coordinator",
        plan=p.plan.name,
        period=p.period.label,
        sessions=sum(a.sessions for a in p.actions) + p.unassigned.sessions,
        people=sum(a.attendance for a in p.actions) + p.unassigned.attendance,
        hours=number(sum(a.volunteer_hours for a in p.actions) + p.unassigned.volunteer_hours),
        behind=sum(1 for g in targets if g.status == BEHIND),
        waiting=sum(1 for g in targets if g.status == TO_ENTER),
        sheets=len(SHEETS),
    )


async def send_monthly(services: Services, bot: Bot, message: OutboxMessage) -> int:
    """The month's workbook, with the month's figures as its caption, to a coordinator who
    still is one (a revoked coordinator gets nothing: the message is dropped)."""
    place, key = message.params["jurisdiction"], message.params["period"]
    actor, lang = await services.cards.reader_of(message.to)
    if not actor.has(Role.coordinator, place):
        raise Superseded(f"{message.to} no longer coordinates {place}")
    svc = services.accountability
    period: Period = svc.period(key)
    built = await svc.build(place, period, charts=False)
    locale = locale_for(None, lang)
    title = f"{services.catalog.plan(place).name}{period.label}"
    sent = await bot.send_document(
        int(message.to.address),
        built.workbook,
        filename=workbook_name(title),
        caption=monthly_caption(built, locale)[:CAPTION_LIMIT],
    )
    return sent.message_id
