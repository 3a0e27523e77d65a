"""Who served: the completion report names the team's volunteers who took part, so each
one's hours and points are recorded (their /me and 志愿服务记录证明 come from this).

The reporter is ticked to begin with; each press ticks or unticks one member, 确定 goes
on to the summary. A team of one names its reporter without asking."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.workflow import WorkflowError
from handlers.telegram.context import BotContext
from handlers.telegram.effects import answer, edit_buttons
from texts import refused_words

MEMBERS_DATA = r"^rm:"
DONE = "rm:ok"


async def ask(update: Update, context: BotContext, awaiting: dict[str, Any]) -> None:
    message = update.effective_message
    assert message is not None
    report = awaiting["report"]
    report["member_ids"] = [context.person_id]
    try:
        team = await context.services.orders.team_members(awaiting["order"], context.person_id)
    except WorkflowError as exc:  # no longer on the team: the report cannot go on
        assert context.user_data is not None
        context.user_data.pop("awaiting", None)
        await message.reply_text(refused_words(context.locale(update), exc))
        return
    if len(team) <= 1:
        awaiting["step"] = "summary"
        await message.reply_text(context.t(update, "report.summary"))
        return
    awaiting["step"] = "members"
    awaiting["team"] = [[pid, name] for pid, name in team]
    await message.reply_text(
        context.t(update, "report.members", n=report["volunteers"]),
        reply_markup=_buttons(update, context, awaiting),
    )


def _buttons(update: Update, context: BotContext, awaiting: dict[str, Any]) -> InlineKeyboardMarkup:
    ticked = set(awaiting["report"]["member_ids"])
    rows = [
        [InlineKeyboardButton(f"{'✅ ' if pid in ticked else ''}{name}", callback_data=f"rm:{pid}")]
        for pid, name in awaiting["team"][:90]
    ]
    rows.append(
        [InlineKeyboardButton(context.t(update, "report.members_done"), callback_data=DONE)]
    )
    return InlineKeyboardMarkup(rows)


async def on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None and context.user_data is not None
    awaiting = context.user_data.get("awaiting") or {}
    if awaiting.get("cmd") != "report_done" or awaiting.get("step") != "members":
        await answer(update, context.t(update, "error.stale"), alert=True)
        return
    report, data = awaiting["report"], query.data or ""
    if data == DONE:
        await _done(update, context, awaiting)
        return
    team = {pid for pid, _ in awaiting["team"]}
    # ASCII digits only, as for inv: pages: "²" passes isdigit() yet int() refuses it.
    number = data[3:]
    pid = int(number) if number.isascii() and number.isdigit() else None
    if pid not in team:
        await answer(update, context.t(update, "error.stale"), alert=True)
        return
    chosen = report["member_ids"]
    if pid in chosen:
        chosen.remove(pid)
    else:
        chosen.append(pid)
    await answer(update, "")
    await edit_buttons(update, _buttons(update, context, awaiting))


async def _done(update: Update, context: BotContext, awaiting: dict[str, Any]) -> None:
    report = awaiting["report"]
    if not report["member_ids"]:
        await answer(update, context.t(update, "report.members_none"), alert=True)
        return
    if len(report["member_ids"]) > report["volunteers"]:
        said = context.t(update, "report.members_many", n=report["volunteers"])
        await answer(update, said, alert=True)
        return
    await answer(update, "")
    await edit_buttons(update, InlineKeyboardMarkup([]))
    chosen = set(report["member_ids"])
    names = context.t(update, "list.names").join(n for pid, n in awaiting["team"] if pid in chosen)
    awaiting["step"] = "summary"
    awaiting.pop("team", None)
    assert update.effective_chat is not None
    text = context.t(update, "report.members_set", names=names) + context.t(
        update, "report.summary"
    )
    await context.bot.send_message(update.effective_chat.id, text)
