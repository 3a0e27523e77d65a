"""The report's workbook: one sheet per concern, Chinese headers (see SHEETS)."""

from __future__ import annotations

from bot.reports.data import ReportData
from bot.reports.progress import PlanProgress
from bot.reports.responses import Response
from bot.reports.sheets_orders import completions_sheet, orders_sheet, response_sheet
from bot.reports.sheets_people import entries_sheet, people_sheet, ratings_sheet, teams_sheet
from bot.reports.sheets_plan import progress_sheet, tasks_sheet
from bot.reports.xlsx import Workbook

SHEETS = (
    "规划进度",
    "任务统计",
    "订单明细",
    "完成情况",
    "志愿者时长",
    "服务队时长",
    "部门响应",
    "阵地响应",
    "服务评价",
    "人工填报",
)


def build_workbook(
    p: PlanProgress, data: ReportData, agencies: list[Response], stations: list[Response]
) -> bytes:
    book = Workbook()
    for sheet in (
        progress_sheet(p),
        tasks_sheet(p),
        orders_sheet(data),
        completions_sheet(data),
        people_sheet(data),
        teams_sheet(data),
        response_sheet("部门响应", "部门", agencies),
        response_sheet("阵地响应", "阵地", stations),
        ratings_sheet(data),
        entries_sheet(data),
    ):
        book.add(sheet)
    return book.to_bytes()
