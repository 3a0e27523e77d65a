"""The orders' sheets: one row per order (every stage's moment), per completion, and the
response times of agencies and stations."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.reports.data import ReportData
from bot.reports.responses import STAGES, Response
from bot.reports.xlsx import Column as C
from bot.reports.xlsx import Sheet
from catalog.schema import ACTION_NAMES

# The report is a Chinese document, addressed upward in the plan's own language, whatever
# the locale of whoever asked for it: its words are its own (the chat's are in `texts`).
_STATES = {
    "new": "待派单",
    "dispatched": "待领单",
    "claimed": "待接单",
    "accepted": "已接单",
    "scheduled": "已约定时间",
    "done": "已完成待评价",
    "closed": "已办结",
    "rejected": "已退回",
    "cancelled": "已取消",
}
# Excel counts days from 1899-12-30; storage gives UTC Julian days; people read Beijing time.
_EXCEL_FROM_JULIAN = -2415018.5 + 8 / 24
_EXCEL_EPOCH = date(1899, 12, 30).toordinal()


def day_serials() -> dict[str, int]:
    """'YYYY-MM-DD' -> Excel serial, filled as days are met (a year has 365 of them)."""

    class Days(dict[str, int]):
        def __missing__(self, key: str) -> int:
            value = self[key] = date.fromisoformat(key).toordinal() - _EXCEL_EPOCH
            return value

    return Days()


def _action_of(task: str | None) -> str:
    key = (task or "").split(".", 1)[0]
    return next((name for k, name in ACTION_NAMES.items() if k.value == key), "未归入任务")


def _order_columns(data: ReportData) -> list[list[Any]]:
    """Column by column: a list comprehension per column costs a fraction of a tuple per row."""
    get = data.lines.column
    stages = ("submitted", "dispatched", "claimed", "accepted", "scheduled_at", "confirmed")
    return [
        get("code"),
        [_STATES.get(s, s) for s in get("state")],
        ["紧急" if p == "urgent" else "" for p in get("priority")],
        *(get(name) for name in (*stages, "done", "closed")),  # Julian days
        get("station"),
        get("agency"),
        get("team"),
        [t or "" for t in get("task")],
        *(get(n) for n in ("audience", "expected_attendance", "attendance", "hours", "rating")),
        get("phone"),
    ]


def orders_sheet(data: ReportData) -> Sheet:
    cols = [
        C("订单编号", 17),
        C("状态", 12),
        C("紧急", 6),
        C("点单时间", 16, "datetime", _EXCEL_FROM_JULIAN),
        C("派单时间", 16, "datetime", _EXCEL_FROM_JULIAN),
        C("领单时间", 16, "datetime", _EXCEL_FROM_JULIAN),
        C("接单时间", 16, "datetime", _EXCEL_FROM_JULIAN),
        C("约定服务时间", 16, "datetime", _EXCEL_FROM_JULIAN),
        C("确认时间", 16, "datetime", _EXCEL_FROM_JULIAN),
        C("完成时间", 16, "datetime", _EXCEL_FROM_JULIAN),
        C("办结时间", 16, "datetime", _EXCEL_FROM_JULIAN),
        C("阵地", 26),
        C("部门", 22),
        C("服务队", 24),
        C("计入任务", 16),
        C("服务对象", 10),
        C("预计人数", 9, "int"),
        C("参加人次", 9, "int"),
        C("服务时长", 9, "number"),
        C("评分", 6, "int"),
        C("联系电话", 14),
    ]
    return Sheet("订单明细", cols, data=lambda: _order_columns(data))


def _completion_columns(data: ReportData) -> list[list[Any]]:
    get = data.completions.column
    days, tasks = day_serials(), get("task")
    actions = {t: _action_of(t) for t in set(tasks)}
    return [
        get("code"),
        [days[d] for d in get("service_date")],
        [actions[t] for t in tasks],
        [t or "" for t in tasks],
        *(get(n) for n in ("station", "agency", "team", "audience", "attendance", "hours")),
        *(get(n) for n in ("volunteers", "volunteer_hours", "rating", "summary")),
    ]


def completions_sheet(data: ReportData) -> Sheet:
    cols = [
        C("订单编号", 17),
        C("服务日期", 11, "date"),
        C("行动", 26),
        C("计入任务", 16),
        C("阵地", 26),
        C("部门", 22),
        C("服务队", 24),
        C("服务对象", 10),
        C("参加人次", 9, "int"),
        C("服务时长", 9, "number"),
        C("志愿者人数", 10, "int"),
        C("志愿服务时长", 12, "number"),
        C("评分", 6, "int"),
        C("服务小结", 40),
    ]
    return Sheet("完成情况", cols, data=lambda: _completion_columns(data))


def response_sheet(name: str, who: str, groups: list[Response]) -> Sheet:
    cols = [C(who, 28), C("订单数", 8, "int")]
    cols += [C(f"{s}用时（小时）", 12, "number") for s in ("派单", "领单", "接单", "完成")]
    cols += [C(f"{s}超时", 8, "int") for s in ("派单", "领单", "接单", "完成")]
    rows = [
        (g.name, g.orders, *(g.average_h(s) for s in STAGES), *(g.overdue[s] for s in STAGES))
        for g in groups
    ]
    return Sheet(name, cols, rows)
