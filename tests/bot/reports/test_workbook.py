"""The quarter's workbook (see conftest), re-read with openpyxl and checked cell by cell."""

import io
from datetime import date, datetime

import openpyxl
import pytest

from bot.reports import build_report
from bot.reports.workbook import SHEETS


@pytest.fixture
async def book(quarter):
    services = quarter.world.services
    report = await build_report(
        services.db, services.catalog, "dalad", "2026Q1", quarter.today, charts=False
    )
    return openpyxl.load_workbook(io.BytesIO(report.workbook))


def _rows(sheet):
    return [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]


def _by(sheet, column, value):
    return next(r for r in _rows(sheet) if r[column] == value)


async def test_every_sheet_has_a_frozen_header_and_widths(book):
    assert book.sheetnames == list(SHEETS)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet["A1"].font.b, sheet.title
        assert sheet.column_dimensions["A"].width > 5
        assert sheet.auto_filter.ref.startswith("A1:")


async def test_progress_sheet_and_its_chart(book):
    sheet = book["规划进度"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["行动", "任务编号", "任务", "牵头单位", "指标", "原文"]
    assert header[15:18] == ["完成率", "时间进度", "状态"]
    row = next(
        r for r in sheet.iter_rows(min_row=2) if r[4].value == "farmers.3 开展农牧民技术培训"
    )
    values = [c.value for c in row]
    assert values[1] == "farmers.3" and values[3] == "旗农牧局"
    assert values[6:11] == ["服务场次", "订单计数", 20, "场次", "每年"]
    assert values[11] == pytest.approx(20 * 90 / 365, abs=1e-4)
    assert values[12:15] == [2, 10, 2]  # counted, entered beside it, achieved = counted
    assert values[15] == pytest.approx(2 / (20 * 90 / 365), abs=1e-5)
    assert values[17] == "滞后"
    assert row[15].number_format == "0.0%" and row[11].number_format == "0.0"
    named = _by(sheet, 4, "youth.2 命名科技教育示范学校")
    assert named[7] == "人工填报" and named[12] is None and named[13:16] == [1, 1, 0.2]
    waiting = _by(sheet, 4, "farmers.3 力促掌握实用技术")
    assert waiting[15] is None and waiting[17] == "待填报"
    charts = sheet._charts
    assert len(charts) == 1 and charts[0].tagname == "barChart"


async def test_orders_sheet_one_row_each(book):
    sheet = book["订单明细"]
    rows = _rows(sheet)
    assert len(rows) == 7
    first = rows[0]
    assert first[0].startswith("DLT-2026-") and first[1] == "已办结"
    # Submitted 2026-03-02 09:00 UTC = 17:00 in Beijing; dispatched at the same moment.
    assert first[3] == datetime(2026, 3, 2, 17, 0) and first[4] == datetime(2026, 3, 2, 17, 0)
    assert sheet.cell(2, 4).number_format == "yyyy-mm-dd hh:mm"
    assert first[11:16] == [
        "树林召镇新时代文明实践所",
        "旗农牧局",
        "农牧业科技志愿服务队（示例）",
        "farmers.3",
        "牧民",
    ]
    assert first[16:21] == [40, 40, 2, 5, "138****5678"]
    new = rows[-1]
    assert new[1] == "待派单" and new[4] is None and new[12] is None and new[20] == "138****5678"
    assert all("13812345678" not in str(v) for r in rows for v in r)


async def test_completions_sheet(book):
    sheet = book["完成情况"]
    rows = _rows(sheet)
    assert len(rows) == 6
    y3 = _by(sheet, 13, "第二小学服务完成")
    assert y3[1] == datetime(2026, 3, 3) and sheet.cell(2, 2).number_format == "yyyy-mm-dd"
    assert y3[2:4] == ["青少年科学素质提升行动", "youth.2"]
    assert y3[8:13] == [60, 1, 1, 1, None]
    u1 = _by(sheet, 13, "丙嘎查服务完成")
    assert u1[2:4] == ["未归入任务", None]
    assert sum(r[11] for r in rows) == 14


async def test_hours_by_person_and_team(book, quarter):
    people = {r[0]: r for r in _rows(book["志愿者时长"])}
    member, leader = quarter.cast["agri_member"], quarter.cast["agri_leader"]
    assert people[member][1:] == [f"用户{member}", "农牧业科技志愿服务队（示例）", 2, 3.5, 35]
    assert people[leader][3:] == [1, 1.5, 15]
    assert _rows(book["服务队时长"]) == [
        ["dalad-agri", "农牧业科技志愿服务队（示例）", 6, 2, 14, 140]
    ]


async def test_response_times_and_ratings(book):
    agencies = {r[0]: r for r in _rows(book["部门响应"])}
    assert agencies["旗农牧局"][1] == 6
    assert agencies["旗农牧局"][2] == 0 and agencies["旗农牧局"][5] == 3  # 派单 0 h, 完成 3 h
    assert agencies["（未派单）"][1] == 1
    assert all(v == 0 for r in agencies.values() for v in r[6:10])
    stations = _rows(book["阵地响应"])
    assert stations == [["树林召镇新时代文明实践所", 7, 0, 0, 0, 3, 0, 0, 0, 0]]
    ratings = _rows(book["服务评价"])
    assert ratings[0] == ["农牧业科技志愿服务队（示例）", 6, 3, 4, 0, 0, 1, 1, 1]
    assert ratings[-1][0] == "合计" and ratings[-1][1:4] == [6, 3, 4]


async def test_entered_rows(book):
    rows = _rows(book["人工填报"])
    assert [r[:5] for r in rows] == [
        ["youth.2", 1, 1, "第一小学获命名", datetime(2026, 3, 3)],
        ["farmers.3", 1, 10, "线下培训", datetime(2026, 3, 3)],
    ]


async def test_overdue_when_an_order_waits_past_its_deadline(quarter):
    services = quarter.world.services
    later = date(2026, 3, 10)  # the new order has waited a week for 派单 (limit 48 h)
    report = await build_report(services.db, services.catalog, "dalad", "2026Q1", later, False)
    book = openpyxl.load_workbook(io.BytesIO(report.workbook))
    stations = _rows(book["阵地响应"])
    assert stations[0][6:10] == [1, 0, 0, 0]
