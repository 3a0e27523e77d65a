"""Our SpreadsheetML writer, read back by openpyxl."""

import io
from datetime import datetime

import openpyxl
import pytest

from bot.reports.xlsx import CHUNK, Column, Sheet, Workbook
from bot.reports.xlsx_chart import BarChart, column_letter


def _read(book: Workbook):
    return openpyxl.load_workbook(io.BytesIO(book.to_bytes()))


def test_kinds_formats_widths_and_frozen_header():
    book = Workbook()
    columns = [
        Column("名称", 20),
        Column("数", 8, "int"),
        Column("小数", 9, "number"),
        Column("日期", 11, "date"),
        Column("时间", 16, "datetime"),
        Column("比例", 8, "percent"),
    ]
    serial = 46083 + 17 / 24  # 2026-03-02 17:00
    book.add(
        Sheet(
            "表一",
            columns,
            [("甲<&>\"'", 3, 2.5, 46083, serial, 0.256), ("", None, None, None, None, None)],
        )
    )
    sheet = _read(book)["表一"]
    assert [c.value for c in sheet[1]] == ["名称", "数", "小数", "日期", "时间", "比例"]
    assert [c.value for c in sheet[2]] == [
        "甲<&>\"'",
        3,
        2.5,
        datetime(2026, 3, 2),
        datetime(2026, 3, 2, 17),
        0.256,
    ]
    assert [c.value for c in sheet[3]] == [None] * 6
    assert [c.number_format for c in sheet[2]][1:] == [
        "0",
        "0.0",
        "yyyy-mm-dd",
        "yyyy-mm-dd hh:mm",
        "0.0%",
    ]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 20 and sheet.column_dimensions["E"].width == 16
    assert sheet["A1"].font.b and sheet.auto_filter.ref == "A1:F3"


def test_strings_are_shared_and_cleaned():
    book = Workbook()
    rows = [("同一个", "a\x01b"), ("同一个", "tab\tok")]
    book.add(Sheet("S", [Column("x", 5), Column("y", 5)], rows))
    sheet = _read(book)["S"]
    assert [sheet["A2"].value, sheet["A3"].value, sheet["B2"].value, sheet["B3"].value] == [
        "同一个",
        "同一个",
        "ab",
        "tab\tok",
    ]
    assert len(book._strings) == 5  # two headers, 同一个 once, a\x01b, tab


def test_many_rows_cross_chunks_in_order():
    book = Workbook()
    n = CHUNK * 2 + 7
    book.add(
        Sheet("长", [Column("序号", 8, "int"), Column("名", 8)], ((i, f"第{i}") for i in range(n)))
    )
    sheet = _read(book)["长"]
    values = [r for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(values) == n and values[CHUNK] == (CHUNK, f"第{CHUNK}") and values[-1][0] == n - 1


def test_a_native_bar_chart_over_two_columns():
    book = Workbook()
    chart = BarChart("完成率", 0, 1, "完成率", percent=True)
    rows = [("甲", 0.5), ("乙", 1.2), ("丙", None)]
    book.add(Sheet("进度", [Column("指标", 10), Column("完成率", 8, "percent")], rows, chart))
    book.add(Sheet("其他", [Column("x", 5)], [("y",)]))
    read = _read(book)
    charts = read["进度"]._charts
    assert len(charts) == 1 and read["其他"]._charts == []
    bar = charts[0]
    assert bar.tagname == "barChart" and bar.type == "bar"
    series = bar.series[0]
    assert series.val.numRef.f == "'进度'!$B$2:$B$4"
    assert series.cat.strRef.f == "'进度'!$A$2:$A$4"


def test_bad_sheet_names_are_refused():
    with pytest.raises(ValueError):
        Workbook().add(Sheet("a/b", [Column("x", 5)], []))
    with pytest.raises(ValueError):
        Workbook().to_bytes()


@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ")])
def test_column_letters(index, letters):
    assert column_letter(index) == letters
