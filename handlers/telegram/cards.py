"""Order cards: the text and buttons a notification shows its recipient."""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.clock import parse_stamp as parse
from bot.domain.privacy import OrderView
from bot.scheduling.nudges import OVERDUE
from bot.services.catalog import Catalog
from catalog.intent import reason_text
from handlers.telegram.when import day_text, moment_text
from texts import named_params, t


def callback(cmd: str, order_id: int, arg: str = "") -> str:
    data = f"o:{cmd}:{order_id}" + (f":{arg}" if arg else "")
    assert len(data.encode()) <= 64  # Telegram's limit for callback data
    return data


def _when(order: Any, locale: str) -> str:
    moment = parse(order.scheduled_at) or parse(order.proposed_at)
    if moment:
        return moment_text(moment, locale)
    return order.preferred_label or "—"


def card_text(
    view: OrderView, catalog: Catalog, locale: str, station_name: str, team_name: str = ""
) -> str:
    order = view.order
    task = catalog.task(order.jurisdiction, order.task)
    agency = catalog.agency(order.agency_id) if order.agency_id else None
    lead = agency.name if agency else ("、".join(task.lead) if task and task.lead else "—")
    urgent = t(locale, "card.urgent") if order.priority == "urgent" else ""
    team = t(locale, "card.team", team=team_name) if team_name else ""
    return (
        urgent
        + t(
            locale,
            "card.lines",
            code=order.code,
            state=t(locale, f"state.{order.state}"),
            station=station_name,
            text=quoted(order.request_text),
            task=task.title if task else "未分类",
            lead=lead,
            audience=order.audience or "—",
            attendance=order.expected_attendance or "—",
            when=_when(order, locale),
            phone=view.phone or "—",
        )
        + team
        + _router_note(view, locale)
        + _report(order.report, locale)
        + _rating(order.rating, order.rating_comment, locale)
    )


def _router_note(view: OrderView, locale: str) -> str:
    """Why the request came unclassified, for the staff who must decide (not the resident)."""
    order = view.order
    if view.by_resident or order.routed_confident or not order.routed_reason:
        return ""
    try:
        reason = reason_text(order.routed_reason)
    except ValueError:  # a reason an older router gave: nothing useful to say
        return ""
    return t(locale, "card.router", reason=reason)


def quoted(text: str | None) -> str:
    """What someone typed, set apart from the card's own fields: 「one line」, or each of its
    lines behind a bar, so a typed "电话：…" line can never pass for the card's own."""
    lines = (text or "").split("\n")
    if not text:
        return ""
    if len(lines) == 1:
        return f"「{lines[0]}」"
    return "".join(f"\n│ {line}" for line in lines)


def _report(report: dict[str, Any] | None, locale: str) -> str:
    """What the team reported: the 服务已完成 card and every later one show it."""
    if not report:
        return ""
    photos = len(report.get("photos") or [])
    return t(
        locale,
        "card.report",
        day=day_text(date.fromisoformat(report["date"]), locale),
        early=t(locale, "report.early") if report.get("early") else "",
        attendance=report["attendance"],
        hours=f"{report['hours']:g}",
        volunteers=report["volunteers"],
        photos=t(locale, "card.photos", n=photos) if photos else t(locale, "card.no_photos"),
        summary=quoted(report.get("summary") or "") or "—",
    )


def _rating(stars: int | None, comment: str | None, locale: str) -> str:
    if not stars:
        return ""
    said = t(locale, "card.comment", comment=quoted(comment)) if comment else ""
    return t(locale, "card.rating", stars="⭐" * stars, n=stars, comment=said)


def headline(template: str, params: dict[str, Any], locale: str, when: str = "") -> str:
    named = named_params(locale, params)
    if str(named.get("reason", "")).startswith(OVERDUE):  # an escalation: its code, worded
        stage, hours = named["reason"][len(OVERDUE) :].split(":")
        late = t(locale, f"overdue.{stage}", h=hours)
        named["reason"] = f"{params.get('code', '')}：{late}"
    line = t(locale, f"n.{template}", **{"reason": "", **named, "when": when})
    if params.get("stand_in_for"):
        line += t(locale, "n.stand_in")
    return line


# A command that also offers a second way to do it: dispatch elsewhere, publish to one team.
_SECOND_WAY = {"dispatch": ("agencies", "btn.dispatch_other"), "publish": ("teams", "btn.teams")}


def command_rows(
    cmds: list[str], order_id: int, locale: str, teams: int | None = None
) -> list[list[InlineKeyboardButton]]:
    rows = []
    for cmd in cmds:
        label = t(locale, f"btn.{cmd}")
        if cmd == "publish" and teams is not None:
            label = t(locale, "btn.publish_n", n=teams)
        rows.append([InlineKeyboardButton(label, callback_data=callback(cmd, order_id))])
        if cmd in _SECOND_WAY:
            other, key = _SECOND_WAY[cmd]
            rows.append(
                [InlineKeyboardButton(t(locale, key), callback_data=callback(other, order_id))]
            )
    return rows


def buttons(
    actions: list[dict[str, Any]], locale: str, teams: int | None = None
) -> InlineKeyboardMarkup | None:
    if not actions:
        return None
    rows = command_rows([a["cmd"] for a in actions], actions[0]["order"], locale, teams)
    return InlineKeyboardMarkup(rows)


def choice_rows(cmd: str, order_id: int, choices: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    """Two choices a row (Telegram shows at most 100 buttons)."""
    flat = [
        InlineKeyboardButton(label, callback_data=callback(cmd, order_id, value))
        for value, label in choices[:100]
    ]
    return InlineKeyboardMarkup([flat[i : i + 2] for i in range(0, len(flat), 2)])


def reason_buttons(cmd: str, order_id: int, locale: str) -> InlineKeyboardMarkup:
    presets = t(locale, f"reasons.{cmd}").split("|")
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(p, callback_data=callback(cmd, order_id, str(i)))]
            for i, p in enumerate(presets)
        ]
    )


def preset_reason(cmd: str, index: str, locale: str) -> str | None:
    presets = t(locale, f"reasons.{cmd}").split("|")
    return presets[int(index)] if index.isdigit() and int(index) < len(presets) else None


def star_buttons(order_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("⭐" * n, callback_data=callback("rate", order_id, str(n)))]
            for n in range(5, 0, -1)
        ]
    )
