"""Who hears of what a command did: the holders of each party the workflow names for
the event (the coordinator standing in for a station or agency nobody holds yet), their
addresses on every channel, and the teams' linked groups."""

from __future__ import annotations

from typing import Any

from bot.domain.order import Order
from bot.domain.workflow import NOTIFY, OFFERS, TEAM_ROLES, Role
from bot.services.addressing import Notification, group_addresses, person_addresses
from storage import directory
from storage.db import Tx
from storage.outbox import Address

LOOK_CLOSER = {"coordinator.overdue"}


class Recipients:
    @staticmethod
    def _teams_of(order: Order, party: str) -> list[str]:
        if party == "team":
            return [order.team_id] if order.team_id else []
        if party == "offered_teams":
            return list(order.offered_to)
        if party == "other_offered_teams":
            return [t for t in order.offered_to if t != order.team_id]
        return []

    def _wanted(self, order: Order, parties: list[str]) -> set[tuple[str, str]]:
        """The (role, scope) pairs whose holders the notifications need."""
        wanted: set[tuple[str, str]] = set()
        if {"station", "agency", "coordinator"} & set(parties):  # the coordinator stands in
            wanted.add((Role.coordinator.value, order.jurisdiction))
        for party in parties:
            if party == "station":
                wanted.add((Role.station.value, order.station_id))
            elif party == "agency" and order.agency_id:
                wanted.add((Role.agency.value, order.agency_id))
            for team in self._teams_of(order, party):
                wanted |= {(role.value, team) for role in TEAM_ROLES}
        return wanted

    async def _notify(self, tx: Tx, order: Order, event: str, reason: str) -> list[Notification]:
        plan = NOTIFY.get(event, ())
        parties = [party for party, _ in plan]
        teams = sorted({t for party in parties for t in self._teams_of(order, party)})
        holders, groups = await directory.holders_many(tx, self._wanted(order, parties), teams)
        coordinators = holders.get((Role.coordinator.value, order.jurisdiction), [])

        def recipients(party: str) -> tuple[list[int], list[Address], bool]:
            """Persons, groups, and whether the coordinator stands in for the party."""
            if party == "resident":
                return [order.resident_id], [], False
            if party == "coordinator":
                return coordinators, [], False
            if party in ("station", "agency"):
                scope = order.station_id if party == "station" else order.agency_id
                people = holders.get((party, scope), []) if scope else []
                # Nobody holds the role yet: the coordinator sees it, so nothing waits unseen.
                return (people, [], False) if people or not scope else (coordinators, [], True)
            persons: list[int] = []
            chats: list[Address] = []
            for team in self._teams_of(order, party):
                persons += holders[(Role.team_leader.value, team)]
                persons += holders[(Role.team_member.value, team)]
                chats += group_addresses(groups.get(team, []))
            return persons, chats, False

        everyone = {p for party in parties for p in recipients(party)[0]}
        reach = await person_addresses(tx, everyone)
        notes: list[Notification] = []
        seen: set[tuple[Address, str]] = set()
        for party, template in plan:
            persons, chats, stand_in = recipients(party)
            params = _params(order, event, reason, party if stand_in else None)
            actions = _actions(order, template)
            targets = [(a, p) for p in dict.fromkeys(persons) for a in reach.get(p, [])]
            targets += [(a, None) for a in chats]
            for address, person in targets:
                if (address, template) not in seen:
                    seen.add((address, template))
                    notes.append(Notification(address, person, template, params, actions))
        return notes


def _params(order: Order, event: str, reason: str, stand_in_for: str | None) -> dict[str, Any]:
    params: dict[str, Any] = {"order_id": order.id, "code": order.code, "event": event}
    params["state"] = order.state  # a card drawn later says if the order moved on
    if event.startswith("reminded_"):  # pointless once the order leaves this stage
        params["stage_since"] = order.state_since
    if reason:
        params["reason"] = reason
    if stand_in_for:
        params["stand_in_for"] = stand_in_for
    return params


def _actions(order: Order, template: str) -> list[dict[str, Any]]:
    if template in LOOK_CLOSER:  # many ways forward: the card shows them all
        return [{"cmd": "details", "order": order.id}]
    return [{"cmd": c.value, "order": order.id} for c in OFFERS.get(template, ())]
