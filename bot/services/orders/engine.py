"""The common path of every order command, and who hears of what it did.

Every command may carry an idempotency `key` (a channel's press or message id): a key
seen before returns the recorded outcome and changes nothing. A repeated press by the
same person (a new key, but the order already moved by their own identical command) is
also answered without a second change.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.domain import deadlines
from bot.domain.clock import Clock
from bot.domain.deadlines import Policies, load_policies
from bot.domain.order import Order, facts
from bot.domain.textclean import free_text, one_line
from bot.domain.workflow import (
    RULES,
    SYSTEM,
    Actor,
    Cmd,
    InvalidInput,
    NotFound,
    Role,
    State,
    Transition,
    WorkflowError,
    WrongState,
    decide,
)
from bot.services import addressing
from bot.services.addressing import Notification
from bot.services.catalog import Catalog
from bot.services.orders.recipients import Recipients
from bot.services.people import load_actor
from storage import directory, orders, outbox
from storage.db import Database, Tx
from storage.times import iso

log = logging.getLogger(__name__)

EVENT_ONLY = "_event"  # a key an `apply` may return: recorded on the event, not the order


@dataclass
class Outcome:
    order: Order
    event: str | None
    notifications: list[Notification] = field(default_factory=list)
    repeated: bool = False  # nothing changed: the command had been carried out already


Apply = Callable[[Tx, Order, Transition, Actor], Awaitable[dict[str, Any]]]


class AlreadyProcessed(Exception):
    """Raised inside a transaction to undo it: this command key was carried out before."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class Unchanged(Exception):
    """Raised by an `apply` whose step is already in effect: nothing changes, nobody is
    told again, and the one who asked hears it was done already."""


async def nothing(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
    return {}


class OrderEngine(Recipients):
    """The one path every command takes: one transaction that loads the order, asks the
    workflow, compares-and-sets the change, records the event (with the command key that
    makes a repeat a no-op) and queues the notifications; see `_transition`."""

    def __init__(
        self,
        db: Database,
        catalog: Catalog,
        clock: Clock,
        points_per_hour: float = 10.0,
        erase_after_days: int = 30,
        policies: Policies | None = None,
    ) -> None:
        self.policies = policies or load_policies()
        self.db = db
        self.catalog = catalog
        self.clock = clock
        self.points_per_hour = points_per_hour
        self.erase_after = timedelta(days=erase_after_days)

    # --- the common path ---------------------------------------------------------

    async def _run(
        self,
        cmd: Cmd,
        order_id: int,
        actor_id: int | None,
        key: str | None,
        reason: str = "",
        apply: Apply = nothing,
    ) -> Outcome:
        # A reason (or a comment) is shown on others' cards: one line for a reason, its
        # own lines for a comment, never anything invisible.
        reason = free_text(reason) if cmd is Cmd.comment else one_line(reason)
        if len(reason) > 500:
            raise InvalidInput("reason_too_long")
        try:
            return await self._transition(cmd, order_id, actor_id, key, reason, apply)
        except AlreadyProcessed as repeat:
            return await self._stored(repeat.key)

    async def _transition(
        self,
        cmd: Cmd,
        order_id: int,
        actor_id: int | None,
        key: str | None,
        reason: str,
        apply: Apply,
    ) -> Outcome:
        async with self.db.transaction() as tx:
            order = await orders.get(tx, order_id, make=Order.from_stored)
            if order is None:
                raise NotFound()
            actor = SYSTEM if actor_id is None else await load_actor(tx, actor_id)
            try:
                transition = decide(cmd, facts(order), actor, reason)
            except WorkflowError as refused:
                # A redelivered update, or a second press of the same button, finds
                # the order already moved by the first: answer it, change nothing.
                if key and await orders.event_for_key(tx, key):
                    raise AlreadyProcessed(key) from None
                if isinstance(refused, WrongState) and await self._already_done_by(
                    tx, order, actor, cmd
                ):
                    return Outcome(order, RULES[cmd].event, [], repeated=True)
                raise
            now = self.clock.now()
            try:
                changes = await apply(tx, order, transition, actor)
            except Unchanged:
                return Outcome(order, RULES[cmd].event, [], repeated=True)
            recorded = changes.pop(EVENT_ONLY, {})
            if transition.to_state != transition.from_state:
                changes.update(self._state_change(order, transition.to_state, now))
            changes["last_reason"] = reason
            if {"state", "scheduled_at", "priority"} & changes.keys():
                fields = {k: changes.get(k, getattr(order, k)) for k in deadlines.STAGE_FIELDS}
                moved = deadlines.stage_of(fields)
                changes["next_nudge_at"] = self._next_nudge(order.jurisdiction, moved, now)
            if not await orders.update_if_version(tx, order, changes):
                raise WrongState(State(order.state))  # changed by another process meanwhile
            updated = dataclasses.replace(order, **changes, version=order.version + 1)
            role = Role.system if actor_id is None else transition.party.value
            if not await orders.add_event(
                tx,
                order.id,
                actor.person_id,
                role,
                transition.event,
                transition.from_state,
                transition.to_state,
                now,
                reason,
                {**self._event_data(cmd, changes), **recorded},
                command_key=key,
            ):
                raise AlreadyProcessed(key or "")
            # A team that has just been let go still hears why (released, withdrawn).
            hearers = updated
            if updated.team_id is None and order.team_id:
                hearers = dataclasses.replace(updated, team_id=order.team_id)
            notes = await self._notify(tx, hearers, transition.event, reason)
            # Steps the scheduler takes wait for the morning, like its reminders.
            hold = self._quiet(order, now) if actor_id is None else None
            # Cards already out show what they can no longer do: each channel redraws them.
            await outbox.refresh_cards(tx, order.id, now)
            await self._queue(tx, updated, notes, now, hold)
            if transition.from_state == State.claimed != transition.to_state and order.offered_to:
                await self._retire_offers(tx, updated, now)
        log.info(
            "%s %s (%s → %s) by %s %s",
            order.code,
            transition.event,
            transition.from_state.value,
            transition.to_state.value,
            role,
            actor.person_id or "",
        )
        return Outcome(updated, transition.event, notes)

    @staticmethod
    async def _retire_offers(tx: Tx, order: Order, now: datetime) -> None:
        """The offer left the teams' table: every copy of its card says so, none is sent late."""
        copies = await outbox.offer_copies(tx, order.id)
        sent = any(c["message_id"] is not None for c in copies)
        team = await directory.get_team(tx, order.team_id) if order.team_id and sent else None
        params = {"code": order.code, "team": team.name if team else "", "state": order.state}
        await outbox.retire_offers(tx, order.id, copies, params, now)

    def _next_nudge(self, jurisdiction: str, stage: deadlines.Stage, now: datetime) -> str | None:
        policy = self.policies.for_jurisdiction(jurisdiction)
        when = deadlines.next_due(stage, policy, now)
        return iso(when) if when else None

    @staticmethod
    def _state_change(order: Order, to_state: State, now: datetime) -> dict[str, Any]:
        times = dict(order.state_times)
        times.setdefault(to_state.value, iso(now))
        return {"state": to_state.value, "state_since": iso(now), "state_times": times}

    def _router_pick(self, order: Order) -> str:
        """The lead agency of the router's own first candidate (the coordinator when none)."""
        top = order.routed_candidates[0]["task"] if order.routed_candidates else None
        return self.catalog.suggested_agencies(order.jurisdiction, top)[0].id

    @staticmethod
    def _event_data(cmd: Cmd, changes: dict[str, Any]) -> dict[str, Any]:
        keep = ("agency_id", "team_id", "offered_to", "proposed_at", "rating", "counted_task")
        return {k: changes[k] for k in keep if k in changes and changes[k] is not None}

    async def _already_done_by(self, tx: Tx, order: Order, actor: Actor, cmd: Cmd) -> bool:
        """Whether this person once made this very step on the order (a repeated press)."""
        if actor.person_id is None:
            return False
        return await orders.made_by(tx, order.id, actor.person_id, RULES[cmd].event)

    async def _stored(self, key: str) -> Outcome:
        """The outcome recorded for a command key that was processed before."""
        async with self.db.read() as tx:
            done = await orders.event_for_key(tx, key)
            assert done is not None
            order = await orders.get(tx, done["order_id"], make=Order.from_stored)
        assert order is not None
        return Outcome(order, done["event"], [], repeated=True)

    @staticmethod
    async def _queue(
        tx: Tx,
        order: Order,
        notes: list[Notification],
        now: datetime,
        hold: datetime | None = None,
    ) -> None:
        await outbox.enqueue(tx, addressing.rows(notes, order.id), now, hold)

    def _quiet(self, order: Order, now: datetime) -> datetime:
        return deadlines.quiet_until(now, self.policies.for_jurisdiction(order.jurisdiction))
