"""The minute tick: deadlines, then reports and prompts. Everything it does is derived from
the database and the clock, so a tick after a restart catches up and repeats nothing."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from bot.health import TICK_KEY
from bot.scheduling.nudges import BATCH, Nudger, SweepResult
from bot.scheduling.periodic import Periodic
from bot.services import Services
from storage import runtime
from storage.times import iso

log = logging.getLogger(__name__)

TICK_SECONDS = 60
MAX_BATCHES = 20  # a backlog larger than this many batches continues at the next tick


@dataclass
class TickResult:
    sweep: SweepResult = field(default_factory=SweepResult)
    reports: list[str] = field(default_factory=list)


class Ticker:
    def __init__(self, services: Services, bot_username: str) -> None:
        self.services = services
        self.nudger = Nudger(services.orders)
        self.periodic = Periodic(services, bot_username)

    async def tick(self) -> TickResult:
        result = TickResult()
        for _ in range(MAX_BATCHES):
            batch = await self.nudger.sweep()
            result.sweep.orders += batch.orders
            for event, n in batch.by_event.items():
                result.sweep.by_event[event] = result.sweep.by_event.get(event, 0) + n
            if batch.orders < BATCH:
                break
        result.reports = await self.periodic.run_due()
        async with self.services.db.transaction() as tx:  # for `admin status` and /healthz
            now = self.services.clock.now()
            await runtime.set_value(tx, TICK_KEY, iso(now), now)
        return result
