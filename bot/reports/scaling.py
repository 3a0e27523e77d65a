"""A plan target, stated per year, per term or for the whole plan, brought to one period (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.reports.periods import Period
from catalog.schema import Comparator, Plan, Target
from catalog.schema import Period as Every

_YEARS = re.compile(r"(20\d\d)\s*[—–\-－~～至]+\s*(20\d\d)")


def plan_years(plan: Plan) -> tuple[int, int]:
    """The years the plan runs, from its title (全民科学素质…（2021—2025年）)."""
    found = _YEARS.search(plan.title)
    return (int(found[1]), int(found[2])) if found else (2021, 2025)


SHARE_UNITS = ("%",)


@dataclass(frozen=True)
class Scaled:
    value: float  # the target for the period
    how: str  # how it was brought to the period, in Chinese
    level: bool  # a level reached by a date (到2025年…达到): measured from the plan's start
    met_at: float  # the share of `value` that counts as met (左右: 90%)


def scale(target: Target, period: Period, plan: Plan) -> Scaled:
    first, last = plan_years(plan)
    years = last - first + 1
    year_days = 366 if _leap(period.first.year) else 365
    share = period.days / year_days  # of a year
    met_at = 0.9 if target.comparator == Comparator.about else 1.0
    base = target.value
    if target.unit in SHARE_UNITS:  # a share (90%以上) holds for any period: never summed
        return Scaled(base, "比例目标，不随时间段折算", False, met_at)
    if target.period in (Every.per_year, Every.per_school_year):
        how = "每年目标" if share == 1 else f"每年目标×{period.days}/{year_days}天"
        return Scaled(base * share, how, False, met_at)
    if target.period == Every.per_term:
        how = "每学期目标×2（每年两学期）" + ("" if share == 1 else f"×{period.days}/{year_days}天")
        return Scaled(base * 2 * share, how, False, met_at)
    if target.period == Every.by_end:
        how = f"到{last}年末应达到的总量（自{first}年起累计）"
        return Scaled(base, how, True, met_at)
    said = "规划期总量" if target.period == Every.plan_period else "未注明期限，视为规划期总量"
    how = f"{said}÷{years}年" + ("" if share == 1 else f"×{period.days}/{year_days}天")
    return Scaled(base / years * share, how, False, met_at)


def level_start(plan: Plan) -> date:
    """Where a level target (到2025年…) is counted from: the plan's first day."""
    return date(plan_years(plan)[0], 1, 1)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
