"""A volunteer's own record: /me (hours, points, services) and /certificate (the PDF)."""

from __future__ import annotations

from telegram import Update

from bot.domain.workflow import WorkflowError
from bot.reports.summary import number
from bot.services.unit_records import VolunteerRecord
from handlers.telegram.context import BotContext
from texts import refused_words, t

CONTENT_SHOWN = 24  # characters of what was done, per line of /me


def record_text(record: VolunteerRecord, locale: str) -> str:
    if not record.all_time.services:
        return t(locale, "me.none")
    year, total = record.this_year, record.all_time
    lines = [
        t(locale, "me.head"),
        t(
            locale,
            "me.year",
            year=record.year,
            services=year.services,
            hours=number(year.hours),
            points=number(year.points),
        ),
        t(
            locale,
            "me.all",
            services=total.services,
            hours=number(total.hours),
            points=number(total.points),
        ),
        t(locale, "me.recent"),
    ]
    for s in record.recent:
        # The team's own summary, never the resident's request (which may hold a phone).
        said = " ".join(s.summary.split()) or "—"
        lines.append(
            t(
                locale,
                "me.service",
                date=s.service_date or "",
                code=s.code,
                team=s.team,
                hours=number(s.hours),
                content=said[:CONTENT_SHOWN],
            )
        )
    lines.append(t(locale, "me.certificate"))
    return "\n".join(lines)


async def me(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    record = await context.services.records.record(context.person_id)
    await message.reply_text(record_text(record, context.locale(update)))


async def certificate(update: Update, context: BotContext) -> None:
    """/certificate [period] [volunteer number]: one's own, or (科协) a volunteer's."""
    message, svc = update.effective_message, context.services.accountability
    assert message is not None
    args = list(context.args or [])
    named = len(args) == 2 and args[-1].isascii() and args[-1].isdigit()
    subject = int(args.pop()) if named else None
    if len(args) > 1:
        await message.reply_text(context.t(update, "certificate.usage"))
        return
    try:
        period = svc.period(args[0]) if args else svc.year_to_date()
        cert, pdf = await context.services.records.certificate(context.person_id, period, subject)
    except WorkflowError as exc:
        await message.reply_text(refused_words(context.locale(update), exc))
        return
    content = cert.content
    caption = context.t(
        update,
        "certificate.caption",
        number=cert.number,
        name=content["name"],
        period=content["period"],
        services=len(content["services"]),
        hours=number(content["total_hours"]),
    )
    name = f"志愿服务记录证明-{cert.number}.pdf"
    await message.reply_document(pdf, filename=name, caption=caption)
