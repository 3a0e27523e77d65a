"""A target brought to a period, for each way a plan states its period."""

import pytest

from bot.reports.periods import parse_period
from bot.reports.scaling import plan_years, scale
from catalog.loader import load_all
from catalog.schema import Comparator, Period, Target


@pytest.fixture(scope="module")
def dalad():
    return load_all(("dalad",))["dalad"]


def _target(period, value=100.0, comparator=Comparator.equal, unit="场次"):
    return Target(
        metric="开展培训",
        value=value,
        unit=unit,
        period=period,
        comparator=comparator,
        quote="开展培训",
    )


def test_the_plan_runs_2021_to_2025(dalad):
    assert plan_years(dalad) == (2021, 2025)


@pytest.mark.parametrize(
    ("period", "text", "value", "level"),
    [
        (Period.per_year, "2026", 100, False),
        (Period.per_year, "2026Q1", 100 * 90 / 365, False),
        (Period.per_school_year, "2026-05", 100 * 31 / 365, False),
        (Period.per_term, "2026", 200, False),
        (Period.per_term, "2026H1", 200 * 181 / 365, False),
        (Period.plan_period, "2026", 20, False),  # five years: a fifth a year
        (Period.once, "2026Q1", 20 * 90 / 365, False),  # no period printed: as a plan total
        (Period.by_end, "2026Q1", 100, True),  # a level: whole, counted from 2021
        (Period.per_year, "2028", 100, False),  # 366 days of 366
    ],
)
def test_scaled_to_the_period(dalad, period, text, value, level):
    scaled = scale(_target(period), parse_period(text), dalad)
    assert scaled.value == pytest.approx(value)
    assert scaled.level is level and scaled.met_at == 1
    assert scaled.how


def test_about_is_met_at_ninety_percent(dalad):
    scaled = scale(
        _target(Period.per_year, comparator=Comparator.about), parse_period("2026"), dalad
    )
    assert scaled.met_at == 0.9


@pytest.mark.parametrize("period", list(Period))
@pytest.mark.parametrize("text", ["2026", "2026Q1", "2026H1"])
def test_a_share_is_the_same_for_any_period(dalad, period, text):
    """参与活动的在校学生人数达到90%以上, said per term, is 90% a term, a year, a quarter."""
    scaled = scale(_target(period, 90, unit="%"), parse_period(text), dalad)
    assert (scaled.value, scaled.level) == (90, False) and "不随时间段折算" in scaled.how
