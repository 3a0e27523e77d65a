"""What people may see of orders, and the choices a card offers."""

from __future__ import annotations

from typing import Literal

from bot.domain.order import Order, facts
from bot.domain.privacy import OrderView, view_for
from bot.domain.workflow import (
    TEAM_ROLES,
    Actor,
    AlreadyDone,
    Cmd,
    NotAllowed,
    NotFound,
    Role,
    WrongState,
    available,
    decide,
)
from bot.services.people import load_actor
from catalog.agencies import Agency
from storage import directory, orders
from storage.db import Tx
from storage.directory import Team


class Queries:
    # --- lookups ----------------------------------------------------------------------

    async def suggested_agencies(self, tx: Tx, order: Order) -> tuple[list[Agency], set[str]]:
        """The catalog's suggestions for the order, the agencies that declined it last;
        and which those are."""
        agencies = self.catalog.suggested_agencies(order.jurisdiction, order.task)
        declined = set(await orders.declined_agencies(tx, order.id))
        ranked = sorted(agencies, key=lambda agency: agency.id in declined)  # stable
        return ranked, declined

    async def agency_choices(self, order: Order) -> tuple[list[Agency], set[str]]:
        """`suggested_agencies`, in its own read (for pickers)."""
        async with self.db.read() as tx:
            return await self.suggested_agencies(tx, order)

    async def team_choices(self, order: Order) -> tuple[list[Team], set[str]]:
        """The jurisdiction's teams, those matching the order first, and which match."""
        async with self.db.read() as tx:
            teams = await directory.teams_in(tx, order.jurisdiction)
            matching = set(await self.matching_teams(tx, order, teams=teams))
        teams.sort(key=lambda team: (team.id not in matching, team.name))
        return teams, matching

    async def matching_teams(
        self, tx: Tx, order: Order, neighbours: bool = False, teams: list[Team] | None = None
    ) -> list[str]:
        """Teams of the jurisdiction (`teams`, when already read) whose expertise covers the
        order's task and who serve its station (or one above it; with `neighbours`, also the
        stations beside it). A team that lists nothing serves everything."""
        task = self.catalog.task(order.jurisdiction, order.task)
        stations = await directory.station_chain(tx, order.station_id)
        if neighbours:
            stations |= await directory.sibling_stations(tx, order.station_id)
        found = []
        if teams is None:
            teams = await directory.teams_in(tx, order.jurisdiction)
        for team in teams:
            expert = not (team.actions or team.tasks) or (
                task is not None and (task.id in team.tasks or task.action.value in team.actions)
            )
            serves = not team.stations or bool(set(team.stations) & stations)
            if expert and serves:
                found.append(team.id)
        return found

    async def _with_actor(self, order_id: int, person_id: int) -> tuple[Order, Actor]:
        async with self.db.read() as tx:
            order = await orders.get(tx, order_id, make=Order.from_stored)
            if order is None:
                raise NotFound()
            return order, await load_actor(tx, person_id)

    async def check(self, order_id: int, actor_id: int, cmd: Cmd) -> OrderView:
        """Refuse now (无权限 / 操作已失效) what a button would only ask details for later;
        a step the presser took already is refused as such (AlreadyDone)."""
        order, actor = await self._with_actor(order_id, actor_id)
        try:
            decide(cmd, facts(order), actor, reason="—")
        except AlreadyDone:
            raise
        except WrongState as refused:
            async with self.db.read() as tx:
                if await self._already_done_by(tx, order, actor, cmd):
                    raise AlreadyDone(refused.state) from None
            raise
        return view_for(order, actor)

    async def options(self, order_id: int, viewer_id: int) -> tuple[OrderView, list[Cmd]]:
        """The order as the viewer may see it, and what they may do with it now."""
        order, actor = await self._with_actor(order_id, viewer_id)
        return view_for(order, actor), available(facts(order), actor)

    async def listed(self, viewer_id: int, scope: str) -> list[tuple[Order, list[Cmd]]]:
        """`list_for`, each order with the viewer's open commands (for list buttons)."""
        async with self.db.read() as tx:
            actor = await load_actor(tx, viewer_id)
            found = await self._list(tx, actor, scope)
        return [(order, available(facts(order), actor)) for order in found]

    async def team_members(self, order_id: int, viewer_id: int) -> list[tuple[int, str]]:
        """(person id, name) of everyone on the order's team, for its reporter to say who
        served; only a member of that team may ask."""
        order, actor = await self._with_actor(order_id, viewer_id)
        if order.team_id is None or order.team_id not in actor.teams():
            raise NotAllowed()
        async with self.db.read() as tx:
            ids = await directory.holders(tx, TEAM_ROLES, order.team_id)
            names = await directory.names_of(tx, ids)
        return [(pid, names[pid] or str(pid)) for pid in ids if pid in names]

    async def view(self, order_id: int, viewer_id: int) -> OrderView:
        order, actor = await self._with_actor(order_id, viewer_id)
        return view_for(order, actor)

    async def list_for(
        self, viewer_id: int, scope: Literal["mine", "station", "agency", "team", "coordinator"]
    ) -> list[Order]:
        async with self.db.read() as tx:
            actor = await load_actor(tx, viewer_id)
            return await self._list(tx, actor, scope)

    async def _list(self, tx: Tx, actor: Actor, scope: str) -> list[Order]:
        make = Order.from_stored
        if scope == "mine":
            assert actor.person_id is not None
            return await orders.of_resident(tx, actor.person_id, make)
        if scope == "team":
            if not actor.teams():
                raise NotAllowed()
            return await orders.for_teams(tx, actor.teams(), make)
        role = {"station": Role.station, "agency": Role.agency, "coordinator": Role.coordinator}
        if scope not in role:
            raise ValueError(scope)
        scopes = actor.scopes(role[scope])
        if not scopes:
            raise NotAllowed()
        return await orders.queue_of(tx, scope, scopes, make)
