"""The deadline sweep under load: `python -m bot.bench sweep --open 100000`.

Fills a file database with open orders in every state, entered at times spread
over the past ten days, then measures: the start-up refresh of every order's
next nudge time, the catch-up after that (everything overdue at once), and the
steady state (a tick a minute for an hour), with the reminders each would send.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from bot.config import Settings
from bot.domain.clock import FakeClock
from bot.domain.workflow import Role
from bot.scheduling.nudges import refresh_all
from bot.scheduling.ticker import Ticker
from bot.seed import load_seed, sample_path
from bot.services import Services
from storage.times import iso

STATES = ("new", "dispatched", "claimed", "accepted", "scheduled", "done")
SPREAD = timedelta(days=10)


async def _fill(services: Services, clock: FakeClock, count: int) -> None:
    agency = services.catalog.resolve("dalad", "旗农牧局")
    assert agency is not None
    now, rng = clock.now(), random.Random(7)
    rows = []
    for n in range(count):
        state = STATES[n % len(STATES)]
        since = now - SPREAD * rng.random()
        scheduled = since + timedelta(hours=rng.uniform(4, 96)) if state == "scheduled" else None
        later = state not in ("new",)
        rows.append(
            (
                f"DLT-B-{n:07d}",
                "dalad",
                "dalad-shulinzhao",
                1,
                f"第{n}单：嘎查想请人讲讲羊病防治",
                "farmers.3",
                "urgent" if n % 10 == 0 else "normal",
                agency.id if later else None,
                json.dumps(["dalad-agri"] if state != "new" and n % 2 else []),
                "dalad-agri" if state in ("accepted", "scheduled", "done") else None,
                iso(scheduled) if scheduled else None,
                state,
                iso(since),
                iso(since),
            )
        )
    async with services.db.transaction() as tx:
        await tx.executemany(
            "INSERT INTO orders (code, jurisdiction, station_id, resident_id, request_text, "
            "routed_task, priority, agency_id, offered_to, team_id, scheduled_at, state, "
            "state_since, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


async def _cast(services: Services) -> None:
    agency = services.catalog.resolve("dalad", "旗农牧局")
    assert agency is not None
    await services.people.ensure_person(1, "居民")
    for pid, role, scope in (
        (2, Role.station, "dalad-shulinzhao"),
        (3, Role.agency, agency.id),
        (4, Role.team_leader, "dalad-agri"),
        (5, Role.coordinator, "dalad"),
    ):
        invite = await services.people.create_invite(None, role, scope)
        await services.people.redeem(pid, f"bench{pid}", invite.code)


async def sweep_bench(open_orders: int, folder: Path) -> dict[str, float]:
    # Tuesday 03:00 UTC (11:00 local): no weekly digest or night hold in the measured hour.
    clock = FakeClock()
    clock.advance(days=1, hours=-6)
    settings = Settings(database_path=folder / "sweep.db", jurisdictions="dalad", _env_file=None)  # type: ignore[call-arg]
    services = await Services.start(settings, clock=clock, with_router=False)
    await load_seed(services, sample_path("dalad"))
    await _cast(services)
    await _fill(services, clock, open_orders)
    ticker = Ticker(services, "bench_bot")
    await ticker.periodic.run_due()  # this week's digest, measured on its own below

    started = time.perf_counter()
    refreshed = await refresh_all(services.orders)
    refresh_s = time.perf_counter() - started

    catch_up: Counter[str] = Counter()
    started = time.perf_counter()
    catch_up_ticks = 0
    while True:
        result = await ticker.tick()
        catch_up_ticks += 1
        catch_up.update(result.sweep.by_event)
        if result.sweep.orders == 0:
            break
    catch_up_s = time.perf_counter() - started

    steady: Counter[str] = Counter()
    samples = []
    for _ in range(60):
        clock.advance(minutes=1)
        started = time.perf_counter()
        result = await ticker.tick()
        samples.append((time.perf_counter() - started) * 1000)
        steady.update(result.sweep.by_event)

    digest_ms = await _digest_ms(ticker, clock)
    await services.close()
    samples.sort()
    figures: dict[str, float] = {
        "open_orders": open_orders,
        "refresh_s": refresh_s,
        "refreshed": refreshed,
        "catch_up_s": catch_up_s,
        "catch_up_ticks": catch_up_ticks,
        "catch_up_nudges": sum(catch_up.values()),
        "tick_p50_ms": statistics.median(samples),
        "tick_max_ms": samples[-1],
        "nudges_per_hour": sum(steady.values()),
        "weekly_digest_ms": digest_ms,
    }
    for event, n in sorted((catch_up + steady).items()):
        figures[f"  {event}"] = n
    return figures


async def _digest_ms(ticker: Ticker, clock: FakeClock) -> float:
    """The next Monday 09:00 tick, which also builds the weekly digest."""
    local_monday = clock.now() + timedelta(days=6, hours=-2)  # Tuesday 11:00 -> Monday 09:00
    clock.set(local_monday)
    started = time.perf_counter()
    await ticker.periodic.run_due()
    return (time.perf_counter() - started) * 1000
