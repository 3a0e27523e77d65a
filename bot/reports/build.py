"""Everything a report of one jurisdiction over one period consists of, built at once:
what the chat, the command line and the web console all call."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from bot.domain.clock import LOCAL_TZ
from bot.domain.deadlines import Policies, load_policies
from bot.domain.workflow import InvalidInput
from bot.reports import responses as rt
from bot.reports.chart_process import ChartProcess, ChartsFailed
from bot.reports.charts import monthly_by_action, monthly_spec, progress_spec, response_spec
from bot.reports.data import ReportData, gather, julian, today_in
from bot.reports.drawing import Spec
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
    # Why charts were asked for and are not there (in Chinese): the rest of the report
    # stands without them.
    charts_failed: str | None = None
    progress: PlanProgress | None = None


async def plan_progress_for(
    db: Database, catalog: Catalog, jurisdiction: str, period: str | Period, today: date
) -> PlanProgress:
    """Progress alone (for /progress): the same figures as the report's first sheet."""
    plan, p = _plan(catalog, jurisdiction), _period(period)
    data, _ = await gather(db, plan, p, orders=False)  # the order rows only the report uses
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
    """The text summary, the workbook and (unless `charts` is False) the PNG charts; when
    the charts cannot be drawn, the report comes without them and `charts_failed` says why.

    Raises InvalidInput (a Chinese message) for an unknown jurisdiction or period."""
    plan, p = _plan(catalog, jurisdiction), _period(period)
    # The charts are drawn by a process of their own, which loads matplotlib while the
    # database is read and draws while the workbook is written (see chart_process).
    painter, failed = None, None
    if charts:
        try:
            painter = ChartProcess()
        except OSError as exc:
            failed = f"无法启动绘图进程：{exc}"
    try:
        policy = (policies or load_policies()).for_jurisdiction(jurisdiction)
        # Orders still waiting at a stage are overdue against the end of `today`, or of the period.
        until = julian(min(datetime.combine(today + timedelta(days=1), time(0), LOCAL_TZ), p.end))
        data, (agencies, stations) = await gather(
            db, plan, p, meanwhile=lambda lines: rt.responses(lines, policy, until)
        )
        progress = plan_progress(plan, p, today_in(p, today), data.now, data.to_date)
        report = Report(summary_text(progress), b"", progress=progress, charts_failed=failed)
        if painter:
            painter.draw(_chart_specs(p, f"{plan.name}{p.label}", data, progress, agencies))
        report.workbook = build_workbook(progress, data, agencies, stations)
        if painter:
            try:
                report.charts = painter.result()
            except ChartsFailed as exc:
                report.charts_failed = str(exc)
        return report
    finally:
        if painter:
            painter.close()


def _chart_specs(
    period: Period,
    title: str,
    data: ReportData,
    progress: PlanProgress,
    agencies: list[rt.Response],
) -> dict[str, Spec]:
    return {
        "monthly.png": monthly_spec(
            monthly_by_action(data.completions), period.months(), f"{title}每月完成服务（按行动）"
        ),
        "progress.png": progress_spec(progress, f"{title}规划指标完成率"),
        "response.png": response_spec(agencies, f"{title}各部门平均用时"),
    }


def _plan(catalog: Catalog, jurisdiction: str) -> Plan:
    if jurisdiction not in catalog.plans:
        raise InvalidInput("jurisdiction_unknown", jurisdiction=jurisdiction)
    return catalog.plan(jurisdiction)


def _period(period: str | Period) -> Period:
    return period if isinstance(period, Period) else parse_period(period)
