"""/progress: the plan's progress for the 科协, each unit's own figures for everyone else.

The 科协's overview has a button per action (its tasks and targets) and 填报进度, which
asks, one answer at a time, for progress orders cannot count (see progress_entry).
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.workflow import WorkflowError
from bot.reports.periods import Period
from bot.reports.progress import PlanProgress
from handlers.telegram import progress_words as words
from handlers.telegram.context import BotContext
from handlers.telegram.effects import answer, edit_buttons
from handlers.telegram.paging import page_of
from texts import refused_words

PROGRESS_DATA = r"^pg:"


async def progress(update: Update, context: BotContext) -> None:
    """/progress [period]: whatever of the plan this person answers for."""
    message, svc = update.effective_message, context.services.accountability
    assert message is not None
    locale = context.locale(update)
    try:
        period = svc.period(" ".join(context.args or []))
    except WorkflowError as exc:
        await message.reply_text(refused_words(locale, exc))
        return
    texts: list[tuple[str, InlineKeyboardMarkup | None]] = []
    for place in await svc.coordinated(context.person_id):
        plan = await svc.progress(context.person_id, place, period)
        texts.append(
            (words.overview(plan, locale), _overview_buttons(plan, period, context, update))
        )
    for agency in await context.services.records.agency_views(context.person_id, period):
        texts += [(text, None) for text in words.agency_view(agency, locale)]
    for station in await context.services.records.station_views(context.person_id, period):
        texts.append((words.station_view(station, locale), None))
    for team in await context.services.records.team_views(context.person_id, period):
        texts.append((words.team_view(team, locale), None))
    if not texts:
        texts.append((context.t(update, "progress.none_held"), None))
    for text, markup in texts:
        await message.reply_text(text, reply_markup=markup)


def _overview_buttons(
    plan: PlanProgress, period: Period, context: BotContext, update: Update
) -> InlineKeyboardMarkup:
    place = plan.plan.id
    rows = [
        [InlineKeyboardButton(a.title, callback_data=f"pg:a:{place}:{a.key}:{period.key}")]
        for a in plan.actions
    ]
    entry = context.t(update, "progress.button_entry")
    rows.append([InlineKeyboardButton(entry, callback_data=f"pg:p:{place}")])
    return InlineKeyboardMarkup(rows)


async def on_button(update: Update, context: BotContext) -> None:
    """pg:a:PLACE:ACTION:PERIOD (an action's tasks), pg:p:PLACE (the targets to enter),
    pg:e:PLACE:PAGE (another page of them), pg:t:PLACE:TASK:INDEX (enter progress)."""
    query = update.callback_query
    assert query is not None
    parts = (query.data or "").split(":")
    place = parts[2] if len(parts) > 2 else ""
    svc = context.services.accountability
    if place not in await svc.coordinated(context.person_id):
        await answer(update, context.t(update, "error.forbidden"), alert=True)
        return
    try:
        if parts[1] == "a" and len(parts) == 5:
            await _action(update, context, place, parts[3], svc.period(parts[4]))
        elif parts[1] == "p" and len(parts) == 3:
            await _targets(update, context, place, None)
        elif parts[1] == "e" and len(parts) == 4 and _whole(parts[3]):
            await _targets(update, context, place, int(parts[3]))
        elif parts[1] == "t" and len(parts) == 5 and _whole(parts[4]):
            from handlers.telegram.progress_entry import begin

            await begin(update, context, place, parts[3], int(parts[4]))
        else:  # forged, or from an older version
            await answer(update, context.t(update, "error.stale"), alert=True)
    except WorkflowError as exc:
        await answer(update, refused_words(context.locale(update), exc), alert=True)


def _whole(text: str) -> bool:
    # ASCII only, as for inv: pages: "²" and "٣" pass isdigit() yet are no number we sent.
    return text.isascii() and text.isdigit()


async def _action(
    update: Update, context: BotContext, place: str, key: str, period: Period
) -> None:
    plan = await context.services.accountability.progress(context.person_id, place, period)
    action = next((a for a in plan.actions if a.key == key), None)
    if action is None:
        await answer(update, context.t(update, "error.stale"), alert=True)
        return
    await answer(update, "")
    assert update.effective_chat is not None
    for text in words.action_detail(plan, action, context.locale(update)):
        await context.bot.send_message(update.effective_chat.id, text)


async def _targets(update: Update, context: BotContext, place: str, page: int | None) -> None:
    """The targets orders cannot count, a page at a time: press one to enter progress.
    `page` None: the first page, in a new message; a number: that page, in place."""
    goals = context.services.accountability.manual_targets(place)
    await answer(update, "")
    assert update.effective_chat is not None
    if not goals:
        await context.bot.send_message(update.effective_chat.id, context.t(update, "entry.none"))
        return
    choices = [
        (
            f"{g.task.id} {g.target.metric} {g.target.value:g}{g.target.unit}"[:60],
            f"pg:t:{place}:{g.task.id}:{g.index}",
        )
        for g in goals
    ]
    markup = page_of(choices, page or 0, lambda n: f"pg:e:{place}:{n}", context.locale(update))
    if page is not None:  # 更多 / 上一页: the same message shows the other page
        await edit_buttons(update, markup)
        return
    await context.bot.send_message(
        update.effective_chat.id, context.t(update, "entry.pick", n=len(goals)), reply_markup=markup
    )
