"""Outbound pacing on a fake clock: `python -m bot.bench pacing`.

Queues one offer for each of 200 volunteers (three for ten of them) and 25
messages for each of 5 groups, answers one message with 429 (retry after 7 s), drains the outbox
through the real sender and pacer, and prints the busiest windows it saw.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from pathlib import Path

from bot.config import Settings
from bot.domain.clock import FakeClock
from bot.outbox.pacing import FakeTimeline, Pacer
from bot.outbox.sender import OutboxSender, RetryLater
from bot.services import Services
from storage import outbox
from storage.outbox import OutboxMessage

VOLUNTEERS, GROUPS, PER_GROUP, THROTTLED = 200, 5, 25, 1017


def _busiest(times: list[float], width: float) -> int:
    times, best, start = sorted(times), 0, 0
    for end, moment in enumerate(times):
        while times[start] <= moment - width:
            start += 1
        best = max(best, end - start + 1)
    return best


async def pacing_bench(folder: Path) -> dict[str, float]:
    clock = FakeClock()
    settings = Settings(database_path=folder / "pacing.db", jurisdictions="dalad", _env_file=None)  # type: ignore[call-arg]
    services = await Services.start(settings, clock=clock, with_router=False)
    rows = [(1000 + n, "x", {}, [], None) for n in range(VOLUNTEERS)]
    rows += [(1000 + n, "x", {}, [], None) for n in range(10) for _ in range(2)]  # 3 each
    rows += [(-100 - g, "x", {}, [], None) for g in range(GROUPS) for _ in range(PER_GROUP)]
    async with services.db.transaction() as tx:
        await outbox.enqueue(tx, rows, clock.now())
    sent: dict[int, list[float]] = defaultdict(list)
    refused: list[float] = []

    async def deliver(message: OutboxMessage) -> int:
        now = clock.now().timestamp()
        if message.chat_id == THROTTLED and not refused:
            refused.append(now)
            raise RetryLater(7)
        sent[message.chat_id].append(now)
        return 1

    start = clock.now().timestamp()
    delivered = await OutboxSender(services.db, clock, deliver, Pacer(FakeTimeline(clock))).drain()
    await services.close()
    everything = [t for times in sent.values() for t in times]
    private_gaps = [
        b - a for chat, times in sent.items() if chat > 0 for a, b in itertools.pairwise(times)
    ]
    return {
        "queued": len(rows),
        "delivered": delivered,
        "virtual_seconds": max(everything) - start,
        "max_per_second": _busiest(everything, 1.0),
        "max_per_group_minute": max(_busiest(sent[-100 - g], 60.0) for g in range(GROUPS)),
        "min_private_gap_s": min((g for g in private_gaps), default=float("nan")),
        "throttled_delivered": len(sent[THROTTLED]),
        "throttled_waited_s": sent[THROTTLED][0] - refused[0],
    }
