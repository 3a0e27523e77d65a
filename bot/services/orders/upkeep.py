"""What the scheduler and housekeeping ask of orders: reminders, re-offers, erasure."""

from __future__ import annotations

from typing import Any

from bot.domain import deadlines
from bot.domain.order import Order
from bot.domain.privacy import ERASED
from bot.domain.workflow import (
    TERMINAL,
    Actor,
    Cmd,
    Role,
    State,
    Transition,
)
from bot.services.orders.engine import Outcome
from storage import orders
from storage.db import Tx


class Upkeep:
    # --- deadlines (called by bot.scheduling.nudges) -------------------------------------------

    async def remind(
        self, order_id: int, event: str, key: str, reason: str, stage_since: str
    ) -> Outcome | None:
        """A reminder or escalation, recorded once (by `key`) with its messages.

        None when the order left the stage meanwhile, or when `key` was carried out before."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            order = await orders.get(tx, order_id, make=Order.from_stored)
            if order is None or order.state_since != stage_since:
                return None
            state = State(order.state)
            if not await orders.add_event(
                tx, order.id, None, Role.system, event, state, state, now, reason, command_key=key
            ):
                return None
            notes = await self._notify(tx, order, event, reason)
            await self._queue(tx, order, notes, now, self._quiet(order, now))
        return Outcome(order, event, notes)

    async def republish(self, order_id: int, key: str | None = None) -> Outcome:
        """Nobody took the order: offer it to the teams of neighbouring stations too."""

        async def apply(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
            wider = await self.matching_teams(tx, order, neighbours=True)
            return {"offered_to": list(dict.fromkeys([*order.offered_to, *wider]))}

        return await self._run(Cmd.republish, order_id, None, key, apply=apply)

    async def renudge(self, order_id: int, stage_since: str) -> None:
        """After the sweep: when to look at this order next (a derived value, no version bump)."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            order = await orders.get(tx, order_id, make=Order.from_stored)
            if order is None or order.state_since != stage_since:
                return
            when = self._next_nudge(order.jurisdiction, deadlines.stage_of(order), now)
            await orders.set_next_nudge(tx, order_id, when)

    # --- minimal personal data ----------------------------------------------------------

    async def erase_personal_data(self) -> int:
        """Mask phone and place of orders that ended `erase_after_days` ago."""
        now = self.clock.now()
        ended = tuple(sorted(s.value for s in TERMINAL))
        async with self.db.transaction() as tx:
            return await orders.erase_ended(tx, ended, now - self.erase_after, now, ERASED)
