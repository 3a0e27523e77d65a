"""A year's report over many orders: `python -m bot.bench report --orders 100000`.

Seeds a file database with one jurisdiction-year of orders spread over the plan's
tasks, the sample's stations and teams and the months, most of them completed
(reported, credited to the team and two members, most rated), the rest at every
earlier stage; then times building the whole report (text, workbook, charts) in
this process and prints its peak memory.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import random
import resource
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.config import Settings
from bot.domain.clock import FakeClock
from bot.seed import load_seed, sample_path
from bot.services import Services
from storage import bulk
from storage.times import iso

# Share of orders at each state; the rest are closed (rated or closed without stars).
_EARLY = (("new", 0.02), ("dispatched", 0.02), ("claimed", 0.02), ("accepted", 0.02))
_STEPS = (
    ("dispatched", "station", "new", "dispatched", 1, 30),
    ("claimed", "agency", "dispatched", "claimed", 1, 60),
    ("published", "agency", "claimed", "claimed", 0.1, 2),
    ("accepted", "team_leader", "claimed", "accepted", 1, 90),
    ("time_proposed", "team_leader", "accepted", "accepted", 1, 24),
    ("time_confirmed", "resident", "accepted", "scheduled", 1, 24),
)
RESIDENTS = 3000
VOLUNTEERS = 12  # per team


def _state_of(rng: random.Random) -> str:
    roll = rng.random()
    for state, share in _EARLY:
        if roll < share:
            return state
        roll -= share
    return "scheduled" if roll < 0.02 else ("done" if roll < 0.12 else "closed")


class _Year:
    """Builds the rows of one jurisdiction-year."""

    def __init__(self, services: Services, jurisdiction: str, year: int, seed: int) -> None:
        catalog = services.catalog
        self.plan = catalog.plan(jurisdiction)
        self.tasks = [t.id for t in self.plan.tasks()]
        self.leads = {t: catalog.suggested_agencies(jurisdiction, t)[0].id for t in self.tasks}
        self.rng = random.Random(seed)
        self.start = datetime(year, 1, 1, tzinfo=UTC) - timedelta(hours=8)
        self.jurisdiction = jurisdiction
        self.orders: list[tuple] = []
        self.events: list[list[tuple]] = []
        self.ledger: list[list[tuple]] = []

    def add(self, n: int, stations: list[str], teams: dict[str, list[int]]) -> None:
        rng = self.rng
        task = rng.choice(self.tasks)
        state = _state_of(rng)
        t0 = self.start + timedelta(days=rng.uniform(0, 330))
        team = rng.choice(list(teams))
        events, credit = [("resident", "submitted", None, "new", t0)], []
        moment, reached = t0, "new"
        for event, role, before, after, low, high in _STEPS:
            if reached == state:
                break
            moment += timedelta(hours=rng.uniform(low, high))
            events.append((role, event, before, after, moment))
            reached = after
        report, rating, scheduled = None, None, None
        if state in ("scheduled", "done", "closed"):
            scheduled = moment + timedelta(days=rng.uniform(0.5, 6))
        if state in ("done", "closed"):
            hours, volunteers = rng.choice((1.0, 1.5, 2.0, 3.0)), rng.randint(1, 5)
            members = rng.sample(teams[team], 2)
            day = (scheduled + timedelta(hours=8)).date()
            report = {
                "date": day.isoformat(),
                "attendance": rng.randint(10, 80),
                "hours": hours,
                "volunteers": volunteers,
                "summary": "已按约定完成服务",
                "photos": [],
                "member_ids": members,
                "early": False,
            }
            done_at = scheduled + timedelta(hours=rng.uniform(2, 30))
            events.append(("team_leader", "done", "scheduled", "done", done_at))
            credit.append((team, None, hours * volunteers, hours * volunteers * 10, done_at))
            credit += [(team, m, hours, hours * 10, done_at) for m in members]
            if state == "closed":
                rating = rng.choice((3, 4, 4, 5, 5, 5)) if rng.random() < 0.8 else None
                closed = done_at + timedelta(hours=rng.uniform(1, 170))
                event = "rated" if rating else "auto_closed"
                events.append(("resident" if rating else "system", event, "done", "closed", closed))
        last = events[-1][4]
        times: dict[str, str] = {}
        for *_, after, at in events:
            times.setdefault(after, iso(at))
        self.orders.append(
            (
                f"{self.plan.code}-B-{n:07d}",
                self.jurisdiction,
                rng.choice(stations),
                rng.randint(1, RESIDENTS),
                f"第{n}单：请来讲一讲",
                rng.choice(("牧民", "学生", "老人", "职工", "干部")),
                f"第{rng.randint(1, 400)}号服务点",
                rng.randint(10, 80),
                f"138{rng.randint(0, 99_999_999):08d}",
                task,
                task,
                "urgent" if rng.random() < 0.05 else "normal",
                self.leads[task] if state != "new" else None,
                team if state in ("accepted", "scheduled", "done", "closed") else None,
                iso(scheduled) if scheduled else None,
                json.dumps(report, ensure_ascii=False) if report else None,
                rating,
                state,
                iso(last),
                json.dumps(times),
                iso(t0),
            )
        )
        self.events.append(events)
        self.ledger.append(credit)


async def seed_year(
    services: Services, count: int, jurisdiction: str = "dalad", year: int = 2026, seed: int = 13
) -> None:
    await load_seed(services, sample_path(jurisdiction))
    async with services.db.read() as tx:
        from storage import directory

        stations = [s.id for s in await directory.stations_in(tx, jurisdiction)]
        team_ids = [t.id for t in await directory.teams_in(tx, jurisdiction)]
    made = iso(datetime(year, 1, 1, tzinfo=UTC))
    teams = {
        team: [100_000 + i * 100 + k for k in range(VOLUNTEERS)] for i, team in enumerate(team_ids)
    }
    people = [(p, f"居民{p}", made) for p in range(1, RESIDENTS + 1)]
    people += [(p, f"志愿者{p % 1000:03d}", made) for ids in teams.values() for p in ids]
    year_rows = _Year(services, jurisdiction, year, seed)
    for n in range(count):
        year_rows.add(n, stations, teams)
    async with services.db.transaction() as tx:
        await bulk.insert_persons(tx, people)
        ids = await bulk.insert_orders(tx, year_rows.orders)
        await bulk.insert_events(
            tx,
            [
                (oid, role, event, before, after, iso(at))
                for oid, evs in zip(ids, year_rows.events, strict=True)
                for role, event, before, after, at in evs
            ],
        )
        await bulk.insert_ledger(
            tx,
            [
                (oid, team, person, hours, points, iso(at))
                for oid, rows in zip(ids, year_rows.ledger, strict=True)
                for team, person, hours, points, at in rows
            ],
        )


def _settings(folder: Path) -> Settings:
    return Settings(database_path=folder / "report.db", jurisdictions="dalad", _env_file=None)  # type: ignore[call-arg]


async def _seed(orders: int, folder: Path) -> None:
    services = await Services.start(_settings(folder), clock=_clock(), with_router=False)
    try:
        await seed_year(services, orders)
    finally:
        await services.close()


def _seed_process(orders: int, folder: str) -> None:
    asyncio.run(_seed(orders, Path(folder)))


def _clock() -> FakeClock:
    return FakeClock(datetime(2026, 12, 3, 2, 0, tzinfo=UTC))


async def _report(folder: Path) -> tuple[float, int, int]:
    from bot.reports import build_report

    services = await Services.start(_settings(folder), clock=_clock(), with_router=False)
    try:
        started = time.perf_counter()
        report = await build_report(
            services.db, services.catalog, "dalad", "2026", date(2026, 12, 3)
        )
        return time.perf_counter() - started, len(report.workbook), len(report.charts)
    finally:
        await services.close()


def report_bench(orders: int, folder: Path) -> dict[str, float]:
    """Seeds in a child process, so that this one's peak memory is the report's alone."""
    started = time.perf_counter()
    child = multiprocessing.get_context("spawn").Process(
        target=_seed_process, args=(orders, str(folder))
    )
    child.start()
    child.join()
    if child.exitcode:
        raise SystemExit(f"seeding failed ({child.exitcode})")
    seed_s = time.perf_counter() - started
    report_s, size, charts = asyncio.run(_report(folder))
    return {
        "orders": orders,
        "seed_s": seed_s,
        "report_s": report_s,
        "workbook_mb": size / 1024 / 1024,
        "charts": charts,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
