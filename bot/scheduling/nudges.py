"""The sweep: carry out every nudge that has come due (bot.domain.deadlines says which).

Each nudge is keyed by order, stage, kind and the moment the order entered the
stage, and that key is stored on the event it causes in the same transaction as
its messages. So a nudge happens once: not again after a restart, and after
downtime the sweep catches up with one of each kind, not one per missed minute.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

from bot.domain import deadlines
from bot.domain.order import Order
from bot.domain.workflow import WorkflowError
from bot.services.orders import OrderService
from storage import orders as stored
from storage import reports
from storage.times import iso

log = logging.getLogger(__name__)

BATCH = 500
_ENDS_STAGE = {"release", "auto_close"}
_REMINDERS = {"remind", "rating_remind", "before_first", "before_second", "report_remind"}

# (stage, kind) -> the event recorded, for nudges that only send messages.
MESSAGES = {
    ("new", "remind"): "reminded_new",
    ("new", "escalate"): "escalated_new",
    ("dispatched", "remind"): "reminded_dispatched",
    ("dispatched", "escalate"): "escalated_dispatched",
    ("claimed", "escalate"): "escalated_claimed",
    ("accepted", "remind"): "reminded_accepted",
    ("scheduled", "before_first"): "reminded_upcoming",
    ("scheduled", "before_second"): "reminded_upcoming",
    ("scheduled", "report_remind"): "reminded_report",
    ("scheduled", "report_escalate"): "escalated_report",
    ("done", "rating_remind"): "reminded_rating",
}
OVERDUE = "overdue:"  # the prefix of an escalation's reason
_ESCALATION_HOURS = {
    "new": "new_escalate",
    "dispatched": "dispatched_escalate",
    "claimed": "claimed_escalate",
    "accepted": "accepted_release",
    "scheduled": "report_escalate",
}


@dataclass
class SweepResult:
    orders: int = 0
    by_event: dict[str, int] = field(default_factory=dict)

    def count(self, event: str) -> None:
        self.by_event[event] = self.by_event.get(event, 0) + 1


def nudge_key(order: Order, nudge: deadlines.Nudge) -> str:
    # refresh_all builds the same key from a bare row: keep the two in step.
    return f"nudge:{order.id}:{nudge.stage}:{nudge.kind}:{order.state_since}"


class Nudger:
    def __init__(self, service: OrderService) -> None:
        self.orders = service
        self.db = service.db
        self.clock = service.clock

    async def sweep(self, limit: int = BATCH) -> SweepResult:
        """One tick: every order whose next nudge time has passed."""
        now = self.clock.now()
        async with self.db.read() as tx:
            due = await stored.due_for_nudges(tx, now, limit, make=Order.from_stored)
        result = SweepResult(orders=len(due))
        for order in due:
            try:
                await self._order(order, result)
            except Exception:  # one broken order must not stop the others' reminders
                log.exception("nudging order %s failed", order.id)
        return result

    async def _order(self, order: Order, result: SweepResult) -> None:
        policy = self.orders.policies.for_jurisdiction(order.jurisdiction)
        due = deadlines.due(deadlines.stage_of(order), policy, self.clock.now())
        if any(n.kind in _ENDS_STAGE for n in due):  # after downtime: no reminder of a past step
            due = [n for n in due if n.kind not in _REMINDERS]
        for nudge in due:
            event = await self._carry_out(order, nudge, policy)
            if event:
                result.count(event)
            if event in ("released", "auto_closed"):
                return  # a new stage began, with its own deadlines
        await self.orders.renudge(order.id, order.state_since)

    async def _carry_out(
        self, order: Order, nudge: deadlines.Nudge, policy: deadlines.Policy
    ) -> str | None:
        key, svc = nudge_key(order, nudge), self.orders
        try:
            if (nudge.stage, nudge.kind) == ("accepted", "release"):
                outcome = await svc.release(order.id, _overdue(order, policy), key)
            elif nudge.kind == "auto_close":
                outcome = await svc.auto_close(order.id, key)
            elif nudge.kind == "republish" and order.offered_to:
                outcome = await svc.republish(order.id, key)
            else:
                event = MESSAGES.get((nudge.stage, nudge.kind), "reminded_claimed")
                reason = _overdue(order, policy) if event.startswith("escalated") else ""
                remind = await svc.remind(order.id, event, key, reason, order.state_since)
                return remind.event if remind else None
        except WorkflowError as exc:  # the order moved on between the read and now
            log.info("nudge %s skipped: %s", key, exc.message)
            return None
        return None if outcome.repeated else outcome.event


def _overdue(order: Order, policy: deadlines.Policy) -> str:
    """The reason an escalation gives, as a code each channel words (overdue:<stage>:<hours>)."""
    hours = policy.urgent if order.priority == "urgent" else policy.normal
    limit = getattr(hours, _ESCALATION_HOURS[order.state])
    return f"{OVERDUE}{order.state}:{limit:g}"


async def refresh_all(service: OrderService, batch: int = 5000) -> int:
    """Recompute every open order's next nudge time from its stage and the nudges already
    recorded (after an upgrade, or when the deadlines were edited). A nudge whose time has
    passed and that was never carried out makes the order due at once."""
    now = service.clock.now()
    async with service.db.read() as tx:
        done = await stored.nudge_keys_done(tx)
        rows = await stored.open_stages(tx)
    updates = []
    for row in rows:
        policy = service.policies.for_jurisdiction(row["jurisdiction"])
        stage = deadlines.stage_of(row)
        prefix = f"nudge:{row['id']}:"
        waiting = [
            n
            for n in deadlines.nudges(stage, policy)
            if f"{prefix}{n.stage}:{n.kind}:{row['state_since']}" not in done
            and (n.expires is None or now < n.expires)
        ]
        when = iso(waiting[0].due) if waiting else None
        if when != row["next_nudge_at"]:
            updates.append((when, row["id"]))
    for start in range(0, len(updates), batch):
        async with service.db.transaction() as tx:
            await stored.set_next_nudges(tx, updates[start : start + batch])
    return len(updates)


async def refresh_if_policy_changed(service: OrderService) -> int | None:
    """`refresh_all` once per version of the deadlines (first start, or after an edit);
    otherwise every order's next nudge time is already kept current. None: skipped."""
    version = hashlib.sha256(service.policies.model_dump_json().encode()).hexdigest()[:16]
    async with service.db.read() as tx:
        seen = await reports.was_sent(tx, "deadlines", version, "*")
    if seen:
        return None
    refreshed = await refresh_all(service)
    async with service.db.transaction() as tx:
        await reports.claim_period(tx, "deadlines", version, "*", service.clock.now())
    return refreshed
