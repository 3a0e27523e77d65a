"""Everything a report of one jurisdiction over one period consists of, built at once:
what the chat, the command line and the web console all call."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from bot.domain.clock import LOCAL_TZ
from bot.domain.deadlines import Policies, load_policies
from bot.domain.workflow import InvalidInput
from bot.reports import responses as rt
from bot.reports.data import gather, julian, today_in
from bot.reports.periods import Period, parse_period
from bot.reports.progress import PlanProgress, plan_progress
from bot.reports.summary import summary_text
from bot.reports.workbook import build_workbook
from catalog.schema import Plan
from storage.db import Database

if TYPE_CHECKING:  # the services use the reports, never the other way round
    from bot.services.catalog import Catalog


@dataclass
class Report:
    text: str
    workbook: bytes  # .xlsx
    charts: dict[str, bytes] = field(default_factory=dict)  # file name -> PNG
    progress: PlanProgress | None = None


async def plan_progress_for(
    db: Database, catalog: Catalog, jurisdiction: str, period: str | Period, today: date
) -> PlanProgress:
    """Progress alone (for /progress): the same figures as the report's first sheet."""
    plan, p = _plan(catalog, jurisdiction), _period(period)
    data = await gather(db, plan, p)
    return plan_progress(plan, p, today_in(p, today), data.now, data.to_date)


async def build_report(
    db: Database,
    catalog: Catalog,
    jurisdiction: str,
    period: str | Period,
    today: date,
    charts: bool = True,
    policies: Policies | None = None,
) -> Report:
    """The text summary, the workbook and (unless `charts` is False) the PNG charts.

    Raises InvalidInput (a Chinese message) for an unknown jurisdiction or period."""
    plan, p = _plan(catalog, jurisdiction), _period(period)
    # Loading matplotlib and the font takes a good part of a second: done in a thread
    # while the database is read (SQLite lets go of the interpreter while it works).
    drawing = threading.Thread(target=_load_drawing, name="report-charts") if charts else None
    if drawing:
        drawing.start()
    try:
        data = await gather(db, plan, p)
    finally:
        if drawing:
            drawing.join()
    progress = plan_progress(plan, p, today_in(p, today), data.now, data.to_date)
    policy = (policies or load_policies()).for_jurisdiction(jurisdiction)
    # Orders still waiting at a stage are overdue against the end of `today`, or of the period.
    until = min(datetime.combine(today + timedelta(days=1), time(0), LOCAL_TZ), p.end)
    agencies, stations = rt.responses(data.lines, policy, julian(until))
    report = Report(summary_text(progress), b"", progress=progress)
    if charts:
        from bot.reports import charts as draw

        title = f"{plan.name}{p.label}"
        report.charts = {
            "monthly.png": draw.monthly_chart(
                draw.monthly_by_action(data.completions), f"{title}每月完成服务（按行动）"
            ),
            "progress.png": draw.progress_chart(progress, f"{title}规划指标完成率"),
            "response.png": draw.response_chart(agencies, f"{title}各部门平均用时"),
        }
    report.workbook = build_workbook(progress, data, agencies, stations)
    return report


def _load_drawing() -> None:
    from bot.reports import charts
    from bot.reports.fonts import NoCJKFont, use_cjk_font

    charts.load()
    with contextlib.suppress(NoCJKFont):  # said when a chart is drawn
        use_cjk_font()


def _plan(catalog: Catalog, jurisdiction: str) -> Plan:
    if jurisdiction not in catalog.plans:
        raise InvalidInput("jurisdiction_unknown", jurisdiction=jurisdiction)
    return catalog.plan(jurisdiction)


def _period(period: str | Period) -> Period:
    return period if isinstance(period, Period) else parse_period(period)
