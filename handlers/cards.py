"""Order cards: the text and buttons a notification shows its recipient."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.catalog_access import Catalog
from bot.privacy import OrderView
from bot.workflow import STATE_NAMES_ZH, State
from handlers.texts import t
from storage.times import parse

# Buttons that open a choice or a dialogue instead of acting at once.
_CHOICES = {"reject", "decline", "cancel", "withdraw", "rate", "propose_time", "report_done"}


def callback(cmd: str, order_id: int, arg: str = "") -> str:
    data = f"o:{cmd}:{order_id}" + (f":{arg}" if arg else "")
    assert len(data.encode()) <= 64  # Telegram's limit for callback data
    return data


def _when(order: Any) -> str:
    moment = parse(order.scheduled_at) or parse(order.proposed_at)
    if moment:
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return order.preferred_label or "—"


def card_text(view: OrderView, catalog: Catalog, locale: str, station_name: str) -> str:
    order = view.order
    task = catalog.task(order.jurisdiction, order.routed_task)
    agency = catalog.agency(order.agency_id) if order.agency_id else None
    lead = agency.name if agency else ("、".join(task.lead) if task and task.lead else "—")
    return t(
        locale,
        "card.lines",
        code=order.code,
        state=STATE_NAMES_ZH[State(order.state)],
        station=station_name,
        text=order.request_text,
        task=task.title if task else "未分类",
        lead=lead,
        audience=order.audience or "—",
        attendance=order.expected_attendance or "—",
        when=_when(order),
        phone=view.phone or "—",
    )


def headline(template: str, params: dict[str, Any], locale: str, when: str = "") -> str:
    line = t(locale, f"n.{template}", reason=params.get("reason", ""), when=when)
    if params.get("stand_in_for"):
        line += t(locale, "n.stand_in")
    return line


def buttons(actions: list[dict[str, Any]], locale: str) -> InlineKeyboardMarkup | None:
    rows = []
    for action in actions:
        cmd, order_id = action["cmd"], action["order"]
        rows.append(
            [InlineKeyboardButton(t(locale, f"btn.{cmd}"), callback_data=callback(cmd, order_id))]
        )
        if cmd == "dispatch":
            rows.append(
                [
                    InlineKeyboardButton(
                        t(locale, "btn.dispatch_other"),
                        callback_data=callback("agencies", order_id),
                    )
                ]
            )
    return InlineKeyboardMarkup(rows) if rows else None


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


def needs_choice(cmd: str) -> bool:
    return cmd in _CHOICES
