"""The charts draw Chinese with the CJK font: a missing glyph fails the test."""

import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from bot.reports import build_report
from bot.reports.chart_process import ChartProcess
from bot.reports.charts import monthly_by_action, monthly_spec
from bot.reports.data import gather
from bot.reports.drawing import Monthly, monthly_figure
from bot.reports.fonts import font_path, use_cjk_font
from bot.reports.periods import parse_period

ROOT = Path(__file__).resolve().parents[3]


def _missing_glyphs(caught) -> list[str]:
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def test_the_font_is_a_cjk_font():
    from matplotlib.ft2font import FT2Font

    font = FT2Font(str(font_path()))
    assert all(font.get_char_index(ord(c)) for c in "规划进度志愿服务记录证明达拉特旗")


async def test_every_chart_renders_every_character(quarter):
    services = quarter.world.services
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = await build_report(services.db, services.catalog, "dalad", "2026Q1", quarter.today)
    assert _missing_glyphs(caught) == []
    assert sorted(report.charts) == ["monthly.png", "progress.png", "response.png"]
    for png in report.charts.values():
        assert png.startswith(b"\x89PNG") and len(png) > 10_000


def test_the_check_would_catch_a_font_without_chinese():
    """The same check, drawing with a Latin-only font: the warning is there to be caught."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties, findfont

    use_cjk_font()
    latin = FontProperties(fname=findfont(FontProperties(family="DejaVu Sans")))
    fig = Figure()
    fig.text(0.1, 0.5, "规划进度", fontproperties=latin)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        FigureCanvasAgg(fig).draw()
    assert _missing_glyphs(caught)


def test_importing_the_reports_does_not_load_matplotlib():
    code = "import sys, bot.reports, bot.cli; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_a_missing_font_is_named_in_chinese(monkeypatch, tmp_path):
    from bot.reports import fonts

    monkeypatch.setattr(fonts, "CANDIDATES", (str(tmp_path / "none.ttc"),))
    monkeypatch.delenv("KEPU_CJK_FONT", raising=False)
    with pytest.raises(fonts.NoCJKFont, match="fonts-wqy-microhei"):
        fonts.font_path()


def test_a_period_without_data_says_so():
    from bot.reports.charts import monthly_spec, response_spec
    from bot.reports.drawing import draw

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        empty = [
            draw(monthly_spec({}, parse_period("2027").months(), "达拉特旗2027年每月完成服务")),
            draw(response_spec([], "各部门平均用时", 12)),
        ]
    assert _missing_glyphs(caught) == []
    assert all(png.startswith(b"\x89PNG") for png in empty)


async def _monthly_of(quarter, period: str):
    services = quarter.world.services
    p = parse_period(period)
    data, _ = await gather(services.db, services.catalog.plan("dalad"), p)
    return monthly_spec(monthly_by_action(data.completions), p.months(), "每月完成服务")


async def test_a_quarter_has_a_bar_for_each_of_its_months(quarter):
    """Every service of the quarter was done in March: January and February stand at 0."""
    spec = await _monthly_of(quarter, "2026Q1")
    assert spec.months == ["1月", "2月", "3月"]
    assert {label: values for label, _, values in spec.series} == {
        "农牧民": [0, 0, 2],  # f1, f2
        "青少年": [0, 0, 3],  # y1, y2, y3
    }


async def test_a_year_has_twelve_bars(quarter):
    spec = await _monthly_of(quarter, "2026")
    assert spec.months == [f"{m}月" for m in range(1, 13)]
    assert all(len(values) == 12 for _, _, values in spec.series)


def test_months_of_two_years_are_named_with_their_year():
    spec = monthly_spec({}, parse_period("2025-12-01..2026-01-31").months(), "跨年")
    assert spec.months == ["2025年12月", "2026年1月"]
    assert spec.series == []


def test_the_monthly_axis_counts_in_whole_numbers():
    """A few services a month: matplotlib alone would put ticks at 0.5, 1.5 …"""
    spec = Monthly("每月完成服务", ["1月", "2月", "3月"], [("青少年", "#4472c4", [0, 1, 3])])
    ax = monthly_figure(spec).axes[0]
    ticks = [t for t in ax.get_yticks() if 0 <= t <= 3]
    assert ticks and all(float(t).is_integer() for t in ticks)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1月", "2月", "3月"]


async def test_a_chart_process_that_dies_leaves_the_report_without_charts(quarter, monkeypatch):
    monkeypatch.setattr(ChartProcess, "COMMAND", (sys.executable, "-c", "import os; os._exit(3)"))
    services = quarter.world.services
    report = await build_report(services.db, services.catalog, "dalad", "2026Q1", quarter.today)
    assert report.charts == {}
    assert "绘图进程异常退出（3）" in report.charts_failed
    assert report.workbook.startswith(b"PK") and "完成服务 6 场次" in report.text


async def test_a_chart_process_that_hangs_is_given_up(quarter, monkeypatch):
    monkeypatch.setattr(
        ChartProcess, "COMMAND", (sys.executable, "-c", "import time; time.sleep(60)")
    )
    monkeypatch.setattr(ChartProcess, "TIMEOUT_S", 0.5)
    services = quarter.world.services
    report = await build_report(services.db, services.catalog, "dalad", "2026Q1", quarter.today)
    assert report.charts == {}
    assert "秒内没有完成" in report.charts_failed
    assert report.workbook.startswith(b"PK")


async def test_charts_drawn_say_nothing_failed(quarter):
    services = quarter.world.services
    report = await build_report(services.db, services.catalog, "dalad", "2026Q1", quarter.today)
    assert report.charts_failed is None and len(report.charts) == 3
