"""Accountability against the plans, and who may see which part of it.

The 科协 sees its jurisdiction's progress, builds the report and enters what orders cannot
count; an agency sees the tasks it leads or shares and its orders; a station its area; a
team its hours and points; a volunteer their own record and certificate.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.domain.clock import Clock, local_date
from bot.domain.workflow import InvalidInput, NotAllowed, Role
from bot.reports.build import Report, build_report, plan_progress_for
from bot.reports.measures import Measure, measure_of
from bot.reports.periods import Period, parse_period
from bot.reports.progress import PlanProgress
from bot.reports.scaling import plan_years
from bot.services.catalog import Catalog
from bot.services.people import load_actor
from catalog.schema import Target, Task
from storage import progress_entries
from storage.db import Database

log = logging.getLogger(__name__)

NOTE_LIMIT = 200
AMOUNT_LIMIT = 1_000_000


@dataclass(frozen=True)
class ManualTarget:
    """A target orders cannot measure: the coordinator enters its progress."""

    task: Task
    index: int

    @property
    def target(self) -> Target:
        return self.task.targets[self.index]


@dataclass(frozen=True)
class Entered:
    goal: ManualTarget
    amount: float
    note: str
    on_date: date
    repeated: bool  # the same message entered it before: nothing was added


class AccountabilityService:
    def __init__(self, db: Database, catalog: Catalog, clock: Clock) -> None:
        self.db = db
        self.catalog = catalog
        self.clock = clock

    def today(self) -> date:
        return local_date(self.clock.now())

    def period(self, text: str | None) -> Period:
        """The period typed, or this year."""
        return parse_period(text.strip() if text and text.strip() else str(self.today().year))

    def year_to_date(self) -> Period:
        """From the first of this year to today: a certificate can only cover days gone by."""
        today = self.today()
        return parse_period(f"{today.year}-01-01..{today.isoformat()}")

    async def scopes(self, person_id: int, role: Role) -> list[str]:
        async with self.db.read() as tx:
            actor = await load_actor(tx, person_id)
        return sorted(actor.scopes(role))

    async def coordinated(self, person_id: int) -> list[str]:
        """The jurisdictions this person coordinates (and the bot serves)."""
        return [
            j for j in await self.scopes(person_id, Role.coordinator) if j in self.catalog.plans
        ]

    async def _coordinator(self, person_id: int, jurisdiction: str) -> None:
        if jurisdiction not in await self.coordinated(person_id):
            raise NotAllowed()

    # --- the coordinator's --------------------------------------------------------------

    async def progress(self, person_id: int, jurisdiction: str, period: Period) -> PlanProgress:
        await self._coordinator(person_id, jurisdiction)
        return await plan_progress_for(self.db, self.catalog, jurisdiction, period, self.today())

    async def report(
        self, person_id: int, jurisdiction: str, period: Period, charts: bool = True
    ) -> Report:
        await self._coordinator(person_id, jurisdiction)
        return await self.build(jurisdiction, period, charts)

    async def build(self, jurisdiction: str, period: Period, charts: bool = True) -> Report:
        """The report with no one asking (the monthly summary): no role is checked.

        Writing a busy year's workbook and drawing its charts is seconds of Python that
        holds the interpreter; on the event loop it would stop every chat meanwhile. So it
        runs on a thread with a loop and a read connection of its own."""
        today = self.today()
        return await asyncio.to_thread(
            _build_apart, self.db.path, self.catalog, jurisdiction, period, today, charts
        )

    def manual_targets(self, jurisdiction: str) -> list[ManualTarget]:
        plan = self.catalog.plan(jurisdiction)
        return [
            ManualTarget(task, i)
            for task in plan.tasks()
            for i, target in enumerate(task.targets)
            if measure_of(target) is Measure.manual
        ]

    def manual_target(self, jurisdiction: str, task_id: str, index: int) -> ManualTarget:
        task = (
            self.catalog.task(jurisdiction, task_id) if jurisdiction in self.catalog.plans else None
        )
        if task is None or not 0 <= index < len(task.targets):
            raise InvalidInput("task_unknown")
        if measure_of(task.targets[index]) is not Measure.manual:
            raise InvalidInput("target_counted")
        return ManualTarget(task, index)

    async def enter(
        self,
        person_id: int,
        jurisdiction: str,
        goal: tuple[str, int],
        amount: float,
        note: str,
        on_date: date,
        command_key: str | None = None,
    ) -> Entered:
        """Record progress toward a target orders cannot count. Entries are only added
        (each says who entered it and when); a correction is an entry of a negative amount."""
        await self._coordinator(person_id, jurisdiction)
        target = self.manual_target(jurisdiction, *goal)
        self._check_entry(jurisdiction, amount, note, on_date)
        async with self.db.transaction() as tx:
            entry = await progress_entries.add(
                tx,
                jurisdiction,
                target.task.id,
                target.index,
                amount,
                note.strip(),
                on_date,
                person_id,
                self.clock.now(),
                command_key,
            )
        if entry is not None:
            log.info(
                "progress entered: %s %s#%d %+g on %s by person %d (entry %d)",
                jurisdiction, target.task.id, target.index, amount, on_date, person_id, entry,
            )  # fmt: skip
        return Entered(target, amount, note.strip(), on_date, repeated=entry is None)

    def _check_entry(self, jurisdiction: str, amount: float, note: str, on_date: date) -> None:
        if not amount or abs(amount) > AMOUNT_LIMIT:
            raise InvalidInput("amount_range", limit=AMOUNT_LIMIT)
        if not note.strip():
            raise InvalidInput("field_empty", field="note")
        if len(note.strip()) > NOTE_LIMIT:
            raise InvalidInput("field_too_long", field="note", limit=NOTE_LIMIT)
        if on_date > self.today():
            raise InvalidInput("entry_future")
        start = plan_years(self.catalog.plan(jurisdiction))[0]
        if on_date.year < start:
            raise InvalidInput("entry_before_plan", year=start)


def _build_apart(
    path: Path, catalog: Catalog, jurisdiction: str, period: Period, today: date, charts: bool
) -> Report:
    async def build() -> Report:
        own = await Database(path).open()
        try:
            return await build_report(own, catalog, jurisdiction, period, today, charts=charts)
        finally:
            await own.close()

    return asyncio.run(build())
