"""Everything one report reads, in one read of the database, and what is summed from it."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import TypeVar

from bot.reports.measures import Measure, measure_of
from bot.reports.periods import Period
from bot.reports.progress import Tallies
from bot.reports.scaling import level_start
from catalog.schema import Period as Every
from catalog.schema import Plan
from storage import reporting, volunteering
from storage.db import Database
from storage.reporting import Completion, OrderLine, Window, tally
from storage.table import Table
from storage.volunteering import PersonHours, TeamHours

# Julian day of the Unix epoch: storage gives moments as Julian days (UTC).
UNIX_EPOCH_JD = 2440587.5
T = TypeVar("T")


def julian(moment: datetime) -> float:
    return moment.timestamp() / 86400 + UNIX_EPOCH_JD


@dataclass
class RatingTally:
    team: str
    completed: int
    rated: int
    stars: list[int]  # how many gave 1, 2, 3, 4 and 5 stars

    @property
    def average(self) -> float | None:
        return (
            sum((i + 1) * n for i, n in enumerate(self.stars)) / self.rated if self.rated else None
        )


def ratings_of(completed: Table[Completion]) -> list[RatingTally]:
    """Per team: counted over (team, stars) pairs, a few dozen of them, not over the rows."""
    pairs = Counter(zip(completed.column("team"), completed.column("rating"), strict=True))
    teams: dict[str, RatingTally] = {}
    for (team, rating), n in pairs.items():
        r = teams.get(team) or teams.setdefault(team, RatingTally(team, 0, 0, [0] * 5))
        r.completed += n
        if rating:
            r.rated += n
            r.stars[rating - 1] += n
    return sorted(teams.values(), key=lambda r: r.team)


@dataclass
class ReportData:
    window: Window
    now: Tallies  # the period's counted figures and entries
    to_date: Tallies  # from the plan's start to the period's end (level targets)
    completions: Table[Completion]
    lines: Table[OrderLine]
    people: list[PersonHours]
    teams: list[TeamHours]
    ratings: list[RatingTally]


def _level_measures(plan: Plan) -> set[Measure]:
    return {measure_of(g) for t in plan.tasks() for g in t.targets if g.period == Every.by_end}


def _no_lines() -> Table[OrderLine]:
    return Table(OrderLine, [f.name for f in fields(OrderLine)], [[] for _ in fields(OrderLine)])


async def _none(value: T) -> T:
    return value


async def gather(
    db: Database,
    plan: Plan,
    period: Period,
    meanwhile: Callable[[Table[OrderLine]], T] = lambda _: None,  # type: ignore[assignment, return-value]
    orders: bool = True,
) -> tuple[ReportData, T]:
    """The report's data, and `meanwhile(lines)`: work on the period's orders that is done
    while SQLite sums the ledger and the plan's figures. Without `orders` (progress alone)
    the period's order rows are not read: `lines` is empty."""
    w = period.window(plan.id)
    # For level targets, from the plan's start: only what they need (most are entered by hand).
    since = Period("", "", min(level_start(plan), period.first), period.last).window(plan.id)
    wanted = _level_measures(plan)
    async with db.reader() as tx:
        completed = await reporting.completions(tx, w)
        lines = await reporting.order_lines(tx, w) if orders else _no_lines()
        # The sums below take SQLite most of a second off the interpreter: all are queued
        # on the reader's thread at once (one asyncio step), and the rows in hand are
        # counted while they run.
        sums = asyncio.gather(
            volunteering.hours(tx, w),
            reporting.entries(tx, plan.id, w.first_day, w.last_day),
            reporting.task_tallies(tx, since)
            if wanted - {Measure.manual, Measure.volunteers}
            else _none({}),
            volunteering.volunteer_count(tx, since) if Measure.volunteers in wanted else _none(0),
            reporting.entries(tx, plan.id, since.first_day, since.last_day),
        )
        await asyncio.sleep(0)
        by_task, ratings, done_meanwhile = tally(completed), ratings_of(completed), meanwhile(lines)
        hours, entries, by_task_to_date, volunteers_to_date, entries_to_date = await sums
    data = ReportData(
        window=w,
        now=Tallies(by_task, hours.volunteers, entries),
        to_date=Tallies(by_task_to_date, volunteers_to_date, entries_to_date),
        completions=completed,
        lines=lines,
        people=hours.people,
        teams=hours.teams,
        ratings=ratings,
    )
    return data, done_meanwhile


def today_in(period: Period, today: date) -> date:
    """The day progress is judged at: today, or the period's last day once it is over."""
    return min(today, period.last)
