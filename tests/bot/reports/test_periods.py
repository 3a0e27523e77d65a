from datetime import UTC, date, datetime

import pytest

from bot.domain.workflow import InvalidInput
from bot.reports.periods import parse_period


@pytest.mark.parametrize(
    ("text", "first", "last", "label"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "2026年"),
        ("2026H1", date(2026, 1, 1), date(2026, 6, 30), "2026年上半年"),
        ("2026h2", date(2026, 7, 1), date(2026, 12, 31), "2026年下半年"),
        ("2026Q3", date(2026, 7, 1), date(2026, 9, 30), "2026年第3季度"),
        ("2026Q1", date(2026, 1, 1), date(2026, 3, 31), "2026年第1季度"),
        ("2026-05", date(2026, 5, 1), date(2026, 5, 31), "2026年5月"),
        ("2028-2", date(2028, 2, 1), date(2028, 2, 29), "2028年2月"),
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31), "2026年12月"),
        (
            "2026-03-01..2026-06-30",
            date(2026, 3, 1),
            date(2026, 6, 30),
            "2026-03-01至2026-06-30",
        ),
        (" 2026-3-1 至 2026-3-1 ", date(2026, 3, 1), date(2026, 3, 1), "2026-03-01至2026-03-01"),
    ],
)
def test_periods_are_whole_local_days(text, first, last, label):
    period = parse_period(text)
    assert (period.first, period.last, period.label) == (first, last, label)
    # Bounds are Beijing midnights: 16:00 UTC the day before.
    start = datetime(first.year, first.month, first.day, tzinfo=UTC).timestamp() - 8 * 3600
    assert period.start.timestamp() == start
    assert (period.end - period.start).days == period.days


def test_window_compares_as_the_database_stores_times():
    w = parse_period("2026Q3").window("dalad")
    assert (w.start, w.end) == ("2026-06-30T16:00:00Z", "2026-09-30T16:00:00Z")
    assert (w.first_day, w.last_day) == ("2026-07-01", "2026-09-30")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "无法识别的时间段"),
        ("今年", "无法识别的时间段：今年"),
        ("2026Q5", "无法识别的时间段"),
        ("2026-13", "日期不存在"),
        ("2026-02-30..2026-03-01", "日期不存在"),
        ("2026-06-30..2026-03-01", "结束日期早于开始日期"),
    ],
)
def test_anything_else_is_refused_in_chinese(text, says):
    with pytest.raises(InvalidInput) as refused:
        parse_period(text)
    assert says in refused.value.message
    if "无法识别" in says:
        assert "2026H1" in refused.value.message  # says what would be understood


def test_elapsed_share_of_the_period():
    q1 = parse_period("2026Q1")  # 90 days
    assert q1.elapsed(date(2025, 12, 31)) == 0
    assert q1.elapsed(date(2026, 1, 1)) == pytest.approx(1 / 90)
    assert q1.elapsed(date(2026, 3, 10)) == pytest.approx(69 / 90)
    assert q1.elapsed(date(2026, 5, 1)) == 1


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("2026Q1", ["2026-01", "2026-02", "2026-03"]),
        ("2026-05", ["2026-05"]),
        ("2025-11-15..2026-02-01", ["2025-11", "2025-12", "2026-01", "2026-02"]),
    ],
)
def test_a_period_lists_every_month_it_touches(text, months):
    assert parse_period(text).months() == months


def test_a_year_has_twelve_months():
    assert parse_period("2026").months() == [f"2026-{m:02d}" for m in range(1, 13)]
