"""The places and teams of a jurisdiction, and its figures: what lists and pickers show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.domain.workflow import Role
from bot.services.catalog import Catalog
from storage import directory, learning, reports
from storage.db import Database
from storage.directory import Station, Team


@dataclass(frozen=True)
class Stats:
    by_state: dict[str, int]
    completed: int
    average_rating: float | None
    hours: float
    agreed: int  # dispatches to the agency the router suggested…
    dispatched: int  # …of all dispatches that recorded a suggestion


class DirectoryService:
    def __init__(self, db: Database, catalog: Catalog) -> None:
        self.db = db
        self.catalog = catalog

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
