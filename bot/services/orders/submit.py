"""点单: a resident submits an order."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from bot.domain import deadlines
from bot.domain.order import Order
from bot.domain.workflow import (
    InvalidInput,
    Role,
    State,
)
from bot.services.orders.engine import AlreadyProcessed, Outcome
from bot.services.orders.forms import OrderDraft, input_error
from bot.services.people import known_person
from storage import directory, orders
from storage.times import iso

log = logging.getLogger(__name__)


class Submitting:
    # --- 点单 ----------------------------------------------------------------

    async def submit(
        self,
        resident_id: int,
        name: str,
        draft: OrderDraft | dict[str, Any],
        key: str | None = None,
    ) -> Outcome:
        try:
            draft = draft if isinstance(draft, OrderDraft) else OrderDraft.model_validate(draft)
        except ValidationError as exc:
            raise input_error(exc) from None
        if draft.jurisdiction not in self.catalog.plans:
            raise InvalidInput("jurisdiction_closed")
        if draft.routed_task and not self.catalog.task(draft.jurisdiction, draft.routed_task):
            raise InvalidInput("task_unknown")
        now = self.clock.now()
        try:
            return await self._submit(resident_id, name, draft, key, now)
        except AlreadyProcessed as repeat:
            return await self._stored(repeat.key)

    async def _submit(
        self, resident_id: int, name: str, draft: OrderDraft, key: str | None, now: datetime
    ) -> Outcome:
        async with self.db.transaction() as tx:
            station = await directory.get_station(tx, draft.station_id)
            if station is None or station.jurisdiction != draft.jurisdiction:
                raise InvalidInput("station_unknown")
            await known_person(tx, resident_id, name, now)
            plan = self.catalog.plan(draft.jurisdiction)
            values = draft.model_dump()
            for day in ("preferred_from", "preferred_to"):
                values[day] = values[day].isoformat() if values[day] else None
            values.update(
                code=await orders.next_code(tx, plan.id, plan.code, now.year),
                counted_task=draft.routed_task,
                resident_id=resident_id,
                state=State.new.value,
                state_since=iso(now),
                state_times={State.new.value: iso(now)},
                created_at=iso(now),
            )
            first = deadlines.Stage(State.new.value, now, draft.priority)
            values["next_nudge_at"] = self._next_nudge(draft.jurisdiction, first, now)
            order_id = await orders.insert(tx, values)
            order = await orders.get(tx, order_id, make=Order.from_stored)
            assert order is not None
            # The event carries the command key: if the key caused an event before,
            # nothing is inserted and the whole transaction is undone.
            if not await orders.add_event(
                tx,
                order_id,
                resident_id,
                Role.resident,
                "submitted",
                None,
                State.new,
                now,
                command_key=key,
            ):
                raise AlreadyProcessed(key or "")
            notes = await self._notify(tx, order, "submitted", "")
            await self._queue(tx, order, notes, now)
        log.info("%s submitted at %s by resident %s", order.code, order.station_id, resident_id)
        return Outcome(order, "submitted", notes)
