"""Response times per agency and per station, and overdue counts (pure).

Each stage is timed from its first moment to the next stage's first moment; a stage
is overdue when it took longer than its escalation deadline (bot/data/deadlines.yaml,
the urgent column for 应急科普 orders), or is still waiting past it at `now`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bot.deadlines import Hours, Policy
from storage.reporting import OrderLine

STAGES = ("dispatch", "claim", "accept", "complete")
STAGE_NAMES_ZH = {"dispatch": "派单", "claim": "领单", "accept": "接单", "complete": "完成"}
# Which state means an order still waits at the stage, and the deadline that makes it late.
_WAITING = {"dispatch": "new", "claim": "dispatched", "accept": "claimed", "complete": "scheduled"}


def _limits(hours: Hours) -> dict[str, float]:
    return {
        "dispatch": hours.new_escalate,
        "claim": hours.dispatched_escalate,
        "accept": hours.claimed_escalate,
        "complete": hours.report_escalate,  # counted from the agreed time
    }


@dataclass
class Response:
    key: str  # agency or station id; '' for orders no agency holds
    name: str
    orders: int = 0
    total_h: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    timed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAGES, 0))
    overdue: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAGES, 0))

    def average_h(self, stage: str) -> float | None:
        return self.total_h[stage] / self.timed[stage] if self.timed[stage] else None


def _spans(o: OrderLine) -> dict[str, tuple[float | None, float | None]]:
    return {
        "dispatch": (o.submitted, o.dispatched),
        "claim": (o.dispatched, o.claimed),
        "accept": (o.claimed, o.accepted),
        "complete": (o.accepted, o.done),
    }


def responses(
    lines: Iterable[OrderLine],
    key: Callable[[OrderLine], tuple[str, str]],
    policy: Policy,
    now_jd: float,
) -> list[Response]:
    """`key` gives (id, name) of the group an order belongs to; `now_jd` is the moment
    of the report as a Julian day (the way storage gives moments)."""
    limits = {"normal": _limits(policy.normal), "urgent": _limits(policy.urgent)}
    groups: dict[str, Response] = {}
    for o in lines:
        group_id, name = key(o)
        group = groups.get(group_id)
        if group is None:
            group = groups[group_id] = Response(group_id, name)
        group.orders += 1
        limit = limits["urgent" if o.priority == "urgent" else "normal"]
        for stage, (begin, end) in _spans(o).items():
            if begin is None:
                continue
            if end is not None:
                group.total_h[stage] += (end - begin) * 24
                group.timed[stage] += 1
            # Completion is late against the agreed time, the other stages against their start.
            start = o.scheduled_at if stage == "complete" else begin
            finish = end if end is not None else (now_jd if o.state == _WAITING[stage] else None)
            if start is not None and finish is not None and (finish - start) * 24 > limit[stage]:
                group.overdue[stage] += 1
    return sorted(groups.values(), key=lambda r: (-r.orders, r.name))


def by_agency(o: OrderLine) -> tuple[str, str]:
    return (o.agency_id or "", o.agency or "（未派单）")


def by_station(o: OrderLine) -> tuple[str, str]:
    return (o.station_id, o.station)
