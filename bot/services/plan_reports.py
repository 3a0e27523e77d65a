"""Plan progress and the report's workbook, asked for in the web console: the
jurisdiction's 科协 only.

A report over a busy year reads and writes for seconds (README: the report benchmark).
So it is built on a thread of its own, with its own event loop and its own connection
to the database (reads only), and the bot goes on answering chats meanwhile.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import TYPE_CHECKING

from bot.domain.clock import Clock, local_date
from bot.services.catalog import Catalog
from bot.services.people import ensure_coordinator
from storage.db import Database

if TYPE_CHECKING:  # bot.reports imports the services: it is imported where it is used
    from bot.reports import Report
    from bot.reports.periods import Period


class PlanReports:
    def __init__(self, db: Database, catalog: Catalog, clock: Clock) -> None:
        self.db = db
        self.catalog = catalog
        self.clock = clock

    async def period(self, viewer_id: int, jurisdiction: str, period: str) -> Period:
        """The period asked for, once the viewer is known to coordinate the jurisdiction;
        InvalidInput (in Chinese, with the forms accepted) for one that cannot be read."""
        from bot.reports import parse_period

        async with self.db.read() as tx:
            await ensure_coordinator(tx, viewer_id, jurisdiction)
        return parse_period(period)

    async def report(
        self, viewer_id: int, jurisdiction: str, period: str, charts: bool = True
    ) -> Report:
        """The text, the workbook and (with `charts`) the PNG charts of the period."""
        found = await self.period(viewer_id, jurisdiction, period)
        today = local_date(self.clock.now())
        return await asyncio.to_thread(self._build, jurisdiction, found, today, charts)

    def _build(self, jurisdiction: str, period: Period, today: date, charts: bool) -> Report:
        from bot.reports import build_report

        async def build() -> Report:
            own = await Database(self.db.path).open()
            try:
                return await build_report(
                    own, self.catalog, jurisdiction, period, today, charts=charts
                )
            finally:
                await own.close()

        return asyncio.run(build())
