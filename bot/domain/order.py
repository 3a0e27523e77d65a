"""The order as the core knows it: one row of the orders table, with its JSON fields read."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from bot.domain.workflow import OrderFacts, State


@dataclass
class Order:
    id: int
    code: str
    jurisdiction: str
    station_id: str
    resident_id: int
    request_text: str
    state: str
    state_since: str
    created_at: str
    audience: str = ""
    place_detail: str = ""
    expected_attendance: int | None = None
    preferred_label: str = ""
    preferred_from: str | None = None
    preferred_to: str | None = None
    contact_phone: str | None = None
    phone_visibility: str = "station_and_team"
    routed_task: str | None = None
    routed_candidates: list[dict[str, Any]] = field(default_factory=list)
    routed_score: float | None = None
    routed_confident: bool = False
    priority: str = "normal"
    agency_id: str | None = None
    claimed_by: int | None = None
    offered_to: list[str] = field(default_factory=list)
    team_id: str | None = None
    proposed_at: str | None = None
    scheduled_at: str | None = None
    report: dict[str, Any] | None = None
    rating: int | None = None
    rating_comment: str | None = None
    last_reason: str = ""
    state_times: dict[str, str] = field(default_factory=dict)
    version: int = 1
    erased_at: str | None = None
    next_nudge_at: str | None = None
    counted_task: str | None = None  # the plan task it counts toward (see migration 0009)
    routed_reason: str | None = None  # why the router was not confident (see migration 0010)

    @property
    def task(self) -> str | None:
        """The plan task the order counts toward: as corrected, else as routed at 点单."""
        return self.counted_task or self.routed_task

    @classmethod
    def from_stored(cls, **data: Any) -> Order:
        """From a stored row: columns this version does not know (a newer one added them)
        are left out rather than refused."""
        return cls(**{k: v for k, v in data.items() if k in _FIELDS})


_FIELDS = frozenset(f.name for f in fields(Order))


def facts(order: Order) -> OrderFacts:
    """What the state machine needs to know about an order."""
    return OrderFacts(
        state=State(order.state),
        jurisdiction=order.jurisdiction,
        station_id=order.station_id,
        resident_id=order.resident_id,
        agency_id=order.agency_id,
        team_id=order.team_id,
        offered_to=tuple(order.offered_to),
        has_proposed_time=order.proposed_at is not None,
        rated=order.rating is not None,
        commented=bool(order.rating_comment),
        urgent=order.priority == "urgent",
    )
