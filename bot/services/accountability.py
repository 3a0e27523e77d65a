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
from bot.reports.certificate import issue_certificate
from bot.reports.measures import Measure, measure_of
from bot.reports.periods import Period, parse_period
from bot.reports.progress import PlanProgress, TaskProgress
from bot.reports.scaling import plan_years
from bot.services.catalog import Catalog
from bot.services.people import load_actor
from catalog.agencies import Agency
from catalog.schema import Target, Task
from storage import directory, orders, progress_entries, reports, volunteering
from storage.certificates import Certificate
from storage.db import Database, Tx
from storage.directory import Station, Team
from storage.reports import Window as Figures
from storage.volunteering import PersonHours, Service, TeamHours

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


@dataclass
class AgencyView:
    agency: Agency
    period: Period
    tasks: list[TaskProgress]  # the tasks it leads or shares, with their progress
    figures: Figures  # its orders completed, rated and hours in the period
    waiting: int  # orders dispatched to it and not yet claimed


@dataclass
class StationView:
    station: Station
    period: Period
    figures: Figures
    open_by_state: dict[str, int]


@dataclass
class TeamView:
    team: Team
    period: Period
    totals: TeamHours | None  # None: nothing completed in the period
    members: list[PersonHours]  # the period's hours of each volunteer named


@dataclass(frozen=True)
class Totals:
    services: int
    hours: float
    points: float


@dataclass
class VolunteerRecord:
    year: int
    this_year: Totals
    all_time: Totals
    recent: list[Service]  # latest first


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

    async def _scopes(self, person_id: int, role: Role) -> list[str]:
        async with self.db.read() as tx:
            actor = await load_actor(tx, person_id)
        return sorted(actor.scopes(role))

    async def coordinated(self, person_id: int) -> list[str]:
        """The jurisdictions this person coordinates (and the bot serves)."""
        return [
            j for j in await self._scopes(person_id, Role.coordinator) if j in self.catalog.plans
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

    # --- agencies, stations, teams --------------------------------------------------------

    async def agency_views(self, person_id: int, period: Period) -> list[AgencyView]:
        views = []
        for agency_id in await self._scopes(person_id, Role.agency):
            agency = self.catalog.agency(agency_id)
            if agency is None:
                continue
            jurisdiction = agency_id.split(".", 1)[0]
            plan = await plan_progress_for(
                self.db, self.catalog, jurisdiction, period, self.today()
            )
            mine = [
                t
                for a in plan.actions
                for t in a.tasks
                if self._shares(agency, jurisdiction, t.task)
            ]
            async with self.db.read() as tx:
                figures = await self._window(tx, "agency_id", agency_id, period)
                waiting = await orders.waiting_count(tx, agency_id)
            views.append(AgencyView(agency, period, mine, figures, waiting))
        return views

    def _shares(self, agency: Agency, jurisdiction: str, task: Task) -> bool:
        """The agency leads the task, or is among its 责任单位 (all members share a task
        whose 责任单位 is 各成员单位)."""
        registry = self.catalog.registries[jurisdiction]
        named = [registry.resolve(n) for n in task.lead + task.responsible]
        return agency in named or task.all_members

    async def station_views(self, person_id: int, period: Period) -> list[StationView]:
        views = []
        for station_id in await self._scopes(person_id, Role.station):
            async with self.db.read() as tx:
                station = await directory.get_station(tx, station_id)
                if station is None:
                    continue
                figures = await self._window(tx, "station_id", station_id, period)
                open_states = await orders.open_by_state(tx, "station_id", station_id)
            views.append(StationView(station, period, figures, open_states))
        return views

    async def team_views(self, person_id: int, period: Period) -> list[TeamView]:
        async with self.db.read() as tx:
            actor = await load_actor(tx, person_id)
            found = [await directory.get_team(tx, t) for t in sorted(actor.teams())]
        views = []
        for team in filter(None, found):
            span = period.window(team.jurisdiction)
            async with self.db.reader() as tx:
                hours = await volunteering.hours(tx, span)
                members = await volunteering.team_members(tx, span, team.id)
            totals = next((t for t in hours.teams if t.team_id == team.id), None)
            views.append(TeamView(team, period, totals, members))
        return views

    async def _window(self, tx: Tx, column: str, value: str, period: Period) -> Figures:
        return await reports.window(tx, column, value, period.start, period.end)

    # --- volunteers --------------------------------------------------------------------------

    async def record(self, person_id: int, recent: int = 10) -> VolunteerRecord:
        """The volunteer's own hours, points and services: this year and all along."""
        year = self.today().year
        async with self.db.reader() as tx:
            services = await volunteering.all_services_of(tx, person_id)
        this_year = [s for s in services if (s.service_date or "").startswith(str(year))]
        return VolunteerRecord(
            year,
            _totals(this_year),
            _totals(services),
            sorted(services, key=lambda s: (s.service_date or "", s.code), reverse=True)[:recent],
        )

    async def certificate(
        self, person_id: int, period: Period, subject: int | None = None
    ) -> tuple[Certificate, bytes]:
        """The 志愿服务记录证明 of `subject` (the asker, unless a coordinator asks for one of
        their jurisdiction's volunteers), as recorded and as a PDF."""
        subject = subject or person_id
        jurisdiction = await self._certificate_place(person_id, subject)
        cert = await issue_certificate(
            self.db, self.catalog, jurisdiction, subject, period, self.today(), issued_by=person_id
        )
        from bot.reports.certificate_pdf import certificate_pdf

        # Drawing the PDF takes a moment: the loop goes on meanwhile.
        return cert, await asyncio.to_thread(certificate_pdf, cert)

    async def _certificate_place(self, asker: int, subject: int) -> str:
        async with self.db.read() as tx:
            places = await volunteering.jurisdictions_of(tx, subject)
        if asker != subject:
            places = [p for p in places if p in await self.coordinated(asker)]
            if not places:
                raise NotAllowed()
        served = [p for p in places if p in self.catalog.plans]
        if not served:
            raise InvalidInput("volunteer_unknown")
        return served[0]


def _totals(services: list[Service]) -> Totals:
    return Totals(len(services), sum(s.hours for s in services), sum(s.points for s in services))


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
