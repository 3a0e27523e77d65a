"""Benchmarks that print figures (not timed tests).

    python -m bot.bench workflow --orders 10000 [--concurrency 4]
    python -m bot.bench sweep --open 100000
    python -m bot.bench pacing
    python -m bot.bench report --orders 100000

drives orders through the whole life-cycle with the real services on a file
database and prints transitions/s, p50/p99 latency per transition, peak RSS
and the database size.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.bench import raw as bench_raw
from bot.config import Settings
from bot.domain.clock import FakeClock
from bot.domain.workflow import Role
from bot.seed import load_seed, sample_path
from bot.services import Services


async def _person(services: Services, pid: int, role: Role, scope: str) -> int:
    invite = await services.people.create_invite(None, role, scope)
    await services.people.redeem(pid, f"bench{pid}", invite.code)
    return pid


class _Timer:
    def __init__(self) -> None:
        self.samples: list[float] = []

    async def __call__(self, step: Awaitable[Any]) -> Any:
        started = time.perf_counter()
        result = await step
        self.samples.append((time.perf_counter() - started) * 1000)
        return result


async def _life_cycle(
    services: Services, clock: FakeClock, cast: dict[str, int], timed: _Timer, n: int
) -> None:
    svc = services.orders
    outcome = await timed(
        svc.submit(
            cast["resident"],
            "居民",
            {
                "jurisdiction": "dalad",
                "station_id": "dalad-shulinzhao",
                "request_text": f"嘎查想请人讲讲羊病防治（第{n}单）",
                "contact_phone": "13812345678",
                "routed_task": "farmers.3",
                "routed_confident": True,
            },
            key=f"s{n}",
        )
    )
    oid = outcome.order.id
    steps: list[Callable[[], Awaitable[Any]]] = [
        lambda: svc.dispatch(oid, cast["station"], key=f"d{n}"),
        lambda: svc.claim(oid, cast["agency"], key=f"c{n}"),
        lambda: svc.publish(oid, cast["agency"], key=f"p{n}"),
        lambda: svc.accept(oid, cast["team"], key=f"a{n}"),
        lambda: svc.propose_time(
            oid, cast["team"], clock.now() + timedelta(minutes=1), key=f"t{n}"
        ),  # the report is dated the same day
        lambda: svc.confirm_time(oid, cast["resident"], key=f"f{n}"),
        lambda: svc.report_done(
            oid,
            cast["team"],
            {
                "date": clock.now().date().isoformat(),
                "attendance": 30,
                "hours": 2,
                "volunteers": 3,
                "summary": "完成",
            },
            key=f"r{n}",
        ),
        lambda: svc.rate(oid, cast["resident"], 5, key=f"v{n}"),
    ]
    for step in steps:
        await timed(step())


async def workflow_bench(
    orders: int, concurrency: int, folder: Path, synchronous: str = "NORMAL"
) -> dict[str, float]:
    clock = FakeClock()
    settings = Settings(database_path=folder / "bench.db", jurisdictions="dalad", _env_file=None)  # type: ignore[call-arg]
    services = await Services.start(settings, clock=clock, with_router=False)
    services.db.conn.execute(f"PRAGMA synchronous={synchronous}")
    await load_seed(services, sample_path("dalad"))
    agency = services.catalog.resolve("dalad", "旗农牧局")
    assert agency is not None
    cast = {
        "resident": 1,
        "station": await _person(services, 2, Role.station, "dalad-shulinzhao"),
        "agency": await _person(services, 3, Role.agency, agency.id),
        "team": await _person(services, 4, Role.team_leader, "dalad-agri"),
    }
    await services.people.ensure_person(1, "居民")
    timed = _Timer()
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(orders):
        queue.put_nowait(n)

    async def worker() -> None:
        while not queue.empty():
            await _life_cycle(services, clock, cast, timed, queue.get_nowait())

    services.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    bench_raw.snapshot(None, folder / "bench.db", folder / "raw.db")
    services.db.trace = trace = []
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    services.db.trace = None
    await services.close()
    size = sum(p.stat().st_size for p in folder.glob("bench.db*"))
    samples = sorted(timed.samples)
    raw_s = bench_raw.replay(folder / "raw.db", trace, synchronous)
    return {
        "orders": orders,
        "transitions": len(samples),
        "seconds": elapsed,
        "transitions_per_s": len(samples) / elapsed,
        "raw_transitions_per_s": len(samples) / raw_s,
        "overhead_x": (len(samples) / raw_s) / (len(samples) / elapsed),
        "statements_per_tx": len(trace) / len(samples),
        "p50_ms": statistics.median(samples),
        "p99_ms": samples[min(len(samples) - 1, int(0.99 * len(samples)))],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "db_mb": size / 1024 / 1024,
    }


def _print(figures: dict[str, float]) -> None:
    for name, value in figures.items():
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        print(f"{name:<22}{shown}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.bench")
    sub = parser.add_subparsers(dest="what", required=True)
    wf = sub.add_parser("workflow", help="orders through the whole life-cycle")
    wf.add_argument("--orders", type=int, default=10000)
    wf.add_argument("--concurrency", type=int, default=4)
    wf.add_argument(
        "--synchronous",
        choices=["NORMAL", "FULL"],
        default="NORMAL",
        help="every commit flushed to disk (FULL), to measure what that costs",
    )
    sw = sub.add_parser("sweep", help="the deadline sweep over many open orders")
    sw.add_argument("--open", type=int, default=100_000, dest="open_orders")
    sub.add_parser("pacing", help="outbound limits on a fake clock")
    rp = sub.add_parser("report", help="a jurisdiction-year's report over many orders")
    rp.add_argument("--orders", type=int, default=100_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        if args.what == "workflow":
            figures = workflow_bench(args.orders, args.concurrency, Path(folder), args.synchronous)
            _print(asyncio.run(figures))
        elif args.what == "report":
            from bot.bench.report import report_bench

            _print(report_bench(args.orders, Path(folder)))
        elif args.what == "pacing":
            from bot.bench.pacing import pacing_bench

            _print(asyncio.run(pacing_bench(Path(folder))))
        else:
            from bot.bench.sweep import sweep_bench

            _print(asyncio.run(sweep_bench(args.open_orders, Path(folder))))
    return 0
