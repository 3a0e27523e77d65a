"""What an agency, a station, a team and a volunteer see of their own work: the plan
tasks an agency leads or shares, a station's and a team's figures, a volunteer's hours
and their 志愿服务记录证明. The plan as a whole is the 科协's (see accountability)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.domain.workflow import InvalidInput, NotAllowed, Role
from bot.reports.build import plan_progress_for
from bot.reports.certificate import issue_certificate
from bot.reports.periods import Period
from bot.reports.progress import TaskProgress
from bot.services.accountability import AccountabilityService
from bot.services.people import load_actor
from catalog.agencies import Agency
from catalog.schema import Task
from storage import directory, orders, reports, volunteering
from storage.certificates import Certificate
from storage.db import Tx
from storage.directory import Station, Team
from storage.reports import Window as Figures
from storage.volunteering import PersonHours, Service, TeamHours

__all__ = ["AgencyView", "Figures", "StationView", "TeamView", "UnitRecords", "VolunteerRecord"]


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


class UnitRecords:
    def __init__(self, plans: AccountabilityService) -> None:
        self.plans = plans  # the catalog, the database, today and who holds which role

    # --- agencies, stations, teams --------------------------------------------------------

    async def agency_views(self, person_id: int, period: Period) -> list[AgencyView]:
        views = []
        for agency_id in await self.plans.scopes(person_id, Role.agency):
            agency = self.plans.catalog.agency(agency_id)
            if agency is None:
                continue
            jurisdiction = agency_id.split(".", 1)[0]
            plan = await plan_progress_for(
                self.plans.db, self.plans.catalog, jurisdiction, period, self.plans.today()
            )
            mine = [
                t
                for a in plan.actions
                for t in a.tasks
                if self._shares(agency, jurisdiction, t.task)
            ]
            async with self.plans.db.read() as tx:
                figures = await self._window(tx, "agency_id", agency_id, period)
                waiting = await orders.waiting_count(tx, agency_id)
            views.append(AgencyView(agency, period, mine, figures, waiting))
        return views

    def _shares(self, agency: Agency, jurisdiction: str, task: Task) -> bool:
        """The agency leads the task, or is among its 责任单位 (all members share a task
        whose 责任单位 is 各成员单位)."""
        registry = self.plans.catalog.registries[jurisdiction]
        named = [registry.resolve(n) for n in task.lead + task.responsible]
        return agency in named or task.all_members

    async def station_views(self, person_id: int, period: Period) -> list[StationView]:
        views = []
        for station_id in await self.plans.scopes(person_id, Role.station):
            async with self.plans.db.read() as tx:
                station = await directory.get_station(tx, station_id)
                if station is None:
                    continue
                figures = await self._window(tx, "station_id", station_id, period)
                open_states = await orders.open_by_state(tx, "station_id", station_id)
            views.append(StationView(station, period, figures, open_states))
        return views

    async def team_views(self, person_id: int, period: Period) -> list[TeamView]:
        async with self.plans.db.read() as tx:
            actor = await load_actor(tx, person_id)
            found = [await directory.get_team(tx, t) for t in sorted(actor.teams())]
        views, sums = [], {}  # the jurisdiction's hours, summed once for all its teams
        for team in filter(None, found):
            span = period.window(team.jurisdiction)
            async with self.plans.db.reader() as tx:
                if team.jurisdiction not in sums:
                    sums[team.jurisdiction] = (await volunteering.hours(tx, span)).teams
                members = await volunteering.team_members(tx, span, team.id)
            teams = sums[team.jurisdiction]
            totals = next((t for t in teams if t.team_id == team.id), None)
            views.append(TeamView(team, period, totals, members))
        return views

    async def _window(self, tx: Tx, column: str, value: str, period: Period) -> Figures:
        return await reports.window(tx, column, value, period.start, period.end)

    # --- volunteers --------------------------------------------------------------------------

    async def record(self, person_id: int, recent: int = 10) -> VolunteerRecord:
        """The volunteer's own hours, points and services: this year and all along."""
        year = self.plans.today().year
        async with self.plans.db.reader() as tx:
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
            self.plans.db,
            self.plans.catalog,
            jurisdiction,
            subject,
            period,
            self.plans.today(),
            issued_by=person_id,
        )
        from bot.reports.certificate_pdf import certificate_pdf

        # Drawing the PDF takes a moment: the loop goes on meanwhile.
        return cert, await asyncio.to_thread(certificate_pdf, cert)

    async def _certificate_place(self, asker: int, subject: int) -> str:
        async with self.plans.db.read() as tx:
            places = await volunteering.jurisdictions_of(tx, subject)
        if asker != subject:
            mine = await self.plans.coordinated(asker)
            places = [p for p in places if p in mine]
            if not places:
                raise NotAllowed()
        served = [p for p in places if p in self.plans.catalog.plans]
        if not served:
            raise InvalidInput("volunteer_unknown")
        return served[0]


def _totals(services: list[Service]) -> Totals:
    return Totals(len(services), sum(s.hours for s in services), sum(s.points for s in services))
