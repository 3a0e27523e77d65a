"""Everything one report reads, in one read of the database, and what is summed from it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from bot.reports.measures import Measure, measure_of
from bot.reports.periods import Period
from bot.reports.progress import Tallies
from bot.reports.scaling import level_start
from catalog.schema import Period as Every
from catalog.schema import Plan
from storage import reporting, volunteering
from storage.db import Database, ReadTx, Tx
from storage.reporting import Completion, OrderLine, Window
from storage.table import Table
from storage.volunteering import PersonHours, TeamHours

# Julian day of the Unix epoch: storage gives moments as Julian days (UTC).
UNIX_EPOCH_JD = 2440587.5


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


async def _to_date(tx: Tx | ReadTx, plan: Plan, period: Period) -> Tallies:
    """Only what the plan's level targets need: most of them are entered by hand."""
    since = Period("", "", min(level_start(plan), period.first), period.last).window(plan.id)
    wanted = _level_measures(plan)
    by_task = {}
    if wanted - {Measure.manual, Measure.volunteers}:
        by_task = await reporting.task_tallies(tx, since)
    volunteers = 0
    if Measure.volunteers in wanted:
        volunteers = await volunteering.volunteer_count(tx, since)
    entries = await reporting.entries(tx, plan.id, since.first_day, since.last_day)
    return Tallies(by_task, volunteers, entries)


async def gather(db: Database, plan: Plan, period: Period) -> ReportData:
    w = period.window(plan.id)
    async with db.reader() as tx:
        completed = await reporting.completions(tx, w)
        hours = await volunteering.hours(tx, w)
        entries = await reporting.entries(tx, plan.id, w.first_day, w.last_day)
        return ReportData(
            window=w,
            now=Tallies(reporting.tally(completed), hours.volunteers, entries),
            to_date=await _to_date(tx, plan, period),
            completions=completed,
            lines=await reporting.order_lines(tx, w),
            people=hours.people,
            teams=hours.teams,
            ratings=ratings_of(completed),
        )


def today_in(period: Period, today: date) -> date:
    """The day progress is judged at: today, or the period's last day once it is over."""
    return min(today, period.last)
