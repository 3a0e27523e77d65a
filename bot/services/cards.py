"""What a card shows one reader, gathered in one read: the channel only words and draws it.

A card is drawn when its message goes out, not when it was queued (it may have
waited for the morning, or for the bot to come back), so it shows the order as
it is now, to the reader as they are now: a reader who may no longer see the
order gets nothing (the message is dropped), a reminder whose stage passed is
dropped, and only the buttons that still work are offered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.domain.order import Order, facts
from bot.domain.privacy import OrderView, view_for
from bot.domain.workflow import Actor, Grant, NotAllowed, Role, available
from bot.outbox.sender import Superseded
from bot.services.people import load_actor
from storage import directory, orders
from storage.db import Database, Tx
from storage.outbox import Address, OutboxMessage


@dataclass
class Names:
    station: str = ""
    team: str = ""


@dataclass
class Card:
    template: str
    params: dict[str, Any]
    locale: str | None  # the reader's chosen language, if any
    order: Order | None = None
    view: OrderView | None = None  # None: the reader sees the headline only
    names: Names = field(default_factory=Names)
    teams: int | None = None  # matching teams, when the card offers to publish
    actions: list[dict[str, Any]] = field(default_factory=list)


class CardService:
    def __init__(self, db: Database, order_service: Any) -> None:
        self.db = db
        self.orders = order_service

    async def card_for(self, message: OutboxMessage) -> Card:
        """The card for an outbox message; raises Superseded when it no longer applies."""
        async with self.db.read() as tx:
            actor, lang = await self._reader(tx, message.to)
            order = None
            if message.order_id is not None:
                order = await orders.get(tx, message.order_id, make=Order.from_stored)
            card = Card(message.template, message.params, lang, order)
            if order is None:
                return card
            card.names = await self.names(tx, order)
            if any(a["cmd"] == "publish" for a in message.actions):
                card.teams = len(await self.orders.matching_teams(tx, order))
        since = message.params.get("stage_since")
        if since and order.state_since != since:
            raise Superseded(f"{order.code} left the stage the reminder was for")
        if message.to.is_group and not actor.grants:
            raise Superseded(f"{message.to} is no longer linked to a team")
        if actor.grants or actor.person_id:
            card.view = _view(order, actor, message.to)
            still = {c.value for c in available(facts(order), actor)} | {"details"}
            card.actions = [a for a in message.actions if a["cmd"] in still]
        return card

    async def reader_of(self, to: Address) -> tuple[Actor, str | None]:
        """Who reads an address now, and in which language."""
        async with self.db.read() as tx:
            return await self._reader(tx, to)

    async def names(self, tx: Tx, order: Order) -> Names:
        """The names a card shows for the order's station and (once it has one) its team."""
        station = await directory.get_station(tx, order.station_id)
        team = await directory.get_team(tx, order.team_id) if order.team_id else None
        return Names(station.name if station else order.station_id, team.name if team else "")

    async def details(self, order_id: int, viewer_id: int) -> Card:
        """A card drawn on request (详情): the order as this person sees it, with every
        step they may take now."""
        view, cmds = await self.orders.options(order_id, viewer_id)
        async with self.db.read() as tx:
            card = Card("details", {}, None, view.order, view, await self.names(tx, view.order))
            if "publish" in cmds:
                card.teams = len(await self.orders.matching_teams(tx, view.order))
        card.actions = [{"cmd": c.value, "order": order_id} for c in cmds]
        return card

    @staticmethod
    async def _reader(tx: Tx, to: Address) -> tuple[Actor, str | None]:
        """Who reads an address, and in which language. A group reads as its team."""
        if to.is_group:
            team = await directory.team_for_group(tx, to.address, to.channel)
            grants = frozenset({Grant(Role.team_member, team.id)}) if team else frozenset()
            return Actor(None, grants), None
        person_id = await directory.person_of(tx, to.channel, to.address)
        if person_id is None:
            return Actor(None), None
        person = await directory.get_person(tx, person_id)
        return await load_actor(tx, person_id), person.lang if person else None


def _view(order: Order, actor: Actor, to: Address) -> OrderView:
    """The order as this reader may see it now; a reader who lost the right (a revoked
    role, a team let go, a group unlinked) gets nothing: the message is dropped."""
    try:
        return view_for(order, actor, shared_chat=to.is_group)
    except NotAllowed as exc:
        raise Superseded(f"{to} may no longer see {order.code}") from exc
