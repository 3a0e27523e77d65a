"""The places and teams of a jurisdiction, and its figures: what lists and pickers show."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from bot.domain.workflow import TEAM_ROLES, InvalidInput, Role
from bot.services.catalog import Catalog
from bot.services.directory_forms import StationForm, TeamForm
from bot.services.people import ensure_coordinator
from storage import directory, learning, reports
from storage.db import Database, Tx
from storage.directory import Holder, Station, Team

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stats:
    by_state: dict[str, int]
    completed: int
    average_rating: float | None
    hours: float
    agreed: int  # dispatches to the agency the router suggested…
    dispatched: int  # …of all dispatches that recorded a suggestion


async def names_in(tx: Tx, catalog: Catalog, place: str) -> dict[str, str]:
    """Station, agency and team names of a jurisdiction, by id (for lists that name them)."""
    names = {a.id: a.name for a in catalog.registries[place].agencies}
    names |= {s.id: s.name for s in await directory.stations_in(tx, place)}
    names |= {t.id: t.name for t in await directory.teams_in(tx, place)}
    return names


class DirectoryService:
    def __init__(self, db: Database, catalog: Catalog) -> None:
        self.db = db
        self.catalog = catalog

    async def names(self, places: list[str]) -> dict[str, str]:
        """`names_in` of each jurisdiction, in one read."""
        found: dict[str, str] = {}
        async with self.db.read() as tx:
            for place in places:
                found |= await names_in(tx, self.catalog, place)
        return found

    async def stations(self, jurisdiction: str) -> list[Station]:
        async with self.db.read() as tx:
            return await directory.stations_in(tx, jurisdiction)

    async def station(self, station_id: str) -> Station | None:
        async with self.db.read() as tx:
            return await directory.get_station(tx, station_id)

    async def teams(self, jurisdiction: str) -> list[Team]:
        async with self.db.read() as tx:
            return await directory.teams_in(tx, jurisdiction)

    async def scopes(self, role: Role, places: list[str]) -> list[tuple[str, str]]:
        """What a role may be held over in these places, as (id, name)."""
        if role is Role.coordinator:
            return [(p, self.catalog.plan(p).name) for p in places]
        if role is Role.agency:
            return [(a.id, a.name) for p in places for a in self.catalog.registries[p].agencies]
        found: list[Any] = []
        for place in places:
            found += await (self.stations(place) if role is Role.station else self.teams(place))
        return [(item.id, item.name) for item in found]

    async def stats(self, jurisdiction: str) -> Stats:
        async with self.db.read() as tx:
            summary = await reports.summary(tx, jurisdiction)
            agreed, dispatched = await learning.agreement(tx, jurisdiction)
        return Stats(
            summary.by_state,
            summary.completed,
            summary.average_rating,
            summary.hours,
            agreed,
            dispatched,
        )

    async def members(self, jurisdiction: str) -> dict[str, list[Holder]]:
        """Each team's leaders and members, by team id, by name."""
        async with self.db.read() as tx:
            teams = await directory.teams_in(tx, jurisdiction)
            found = await directory.role_holders(tx, [t.id for t in teams])
        grouped: dict[str, list[Holder]] = {}
        for holder in found:
            if holder.role in TEAM_ROLES:
                grouped.setdefault(holder.scope, []).append(holder)
        return grouped

    # --- what the jurisdiction's 科协 changes --------------------------------------------

    async def save_station(
        self, actor_id: int, jurisdiction: str, form: StationForm, new: bool
    ) -> Station:
        """Create (`new`) or edit a station; only the jurisdiction's coordinator may."""
        async with self.db.transaction() as tx:
            await self._may_edit(tx, actor_id, jurisdiction)
            await self._check_id(tx, directory.get_station, form.id, jurisdiction, new)
            if form.parent is not None:
                parent = await directory.get_station(tx, form.parent)
                below = await directory.station_chain(tx, form.parent) if parent else set()
                if parent is None or parent.jurisdiction != jurisdiction or form.id in below:
                    raise InvalidInput("parent_invalid")
            station = Station(form.id, jurisdiction, form.name, form.kind, form.level, form.parent)
            await directory.upsert_station(tx, station)
        log.info("station %s %s by %s", station.id, "created" if new else "edited", actor_id)
        return station

    async def save_team(self, actor_id: int, jurisdiction: str, form: TeamForm, new: bool) -> Team:
        """Create (`new`) or edit a team; its members and linked group are kept."""
        async with self.db.transaction() as tx:
            await self._may_edit(tx, actor_id, jurisdiction)
            await self._check_id(tx, directory.get_team, form.id, jurisdiction, new)
            if any(self.catalog.task(jurisdiction, task) is None for task in form.tasks):
                raise InvalidInput("task_unknown")
            for station_id in form.stations:
                station = await directory.get_station(tx, station_id)
                if station is None or station.jurisdiction != jurisdiction:
                    raise InvalidInput("station_unknown")
            team = Team(
                form.id, jurisdiction, form.name, form.actions, form.tasks, form.stations, {}
            )
            await directory.upsert_team(tx, team)
        log.info("team %s %s by %s", team.id, "created" if new else "edited", actor_id)
        return team

    async def _may_edit(self, tx: Tx, actor_id: int, jurisdiction: str) -> None:
        if jurisdiction not in self.catalog.plans:
            raise InvalidInput("jurisdiction_closed")
        await ensure_coordinator(tx, actor_id, jurisdiction)

    @staticmethod
    async def _check_id(tx: Tx, get: Any, place_id: str, jurisdiction: str, new: bool) -> None:
        """A new place needs an id nobody has; an edited one must be of this jurisdiction."""
        existing = await get(tx, place_id)
        if new and existing is not None:
            raise InvalidInput("place_id_taken", id=place_id)
        if not new and (existing is None or existing.jurisdiction != jurisdiction):
            raise InvalidInput("place_unknown")
