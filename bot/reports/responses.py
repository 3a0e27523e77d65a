"""Response times per agency and per station, and overdue counts (pure).

Each stage is timed from its first moment to the next stage's first moment; a stage
is overdue when it took longer than its escalation deadline (bot/data/deadlines.yaml,
the urgent column for 应急科普 orders), or is still waiting past it at `now`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.domain.deadlines import Hours, Policy
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


def _add(groups: dict[str, Response], key: str, name: str, hours: list, late: list) -> None:
    group = groups.get(key)
    if group is None:
        group = groups[key] = Response(key, name)
    group.orders += 1
    for stage, spent, over in zip(STAGES, hours, late, strict=True):
        if spent is not None:
            group.total_h[stage] += spent
            group.timed[stage] += 1
        group.overdue[stage] += over


def responses(
    lines: Iterable[OrderLine], policy: Policy, now_jd: float
) -> tuple[list[Response], list[Response]]:
    """Per agency and per station, in one pass over the orders. `now_jd` is the moment of
    the report as a Julian day (the way storage gives moments)."""
    limits = {
        False: [_limits(policy.normal)[s] for s in STAGES],
        True: [_limits(policy.urgent)[s] for s in STAGES],
    }
    waiting = [_WAITING[s] for s in STAGES]
    agencies: dict[str, Response] = {}
    stations: dict[str, Response] = {}
    for o in lines:
        limit = limits[o.priority == "urgent"]
        spans = (
            (o.submitted, o.dispatched),
            (o.dispatched, o.claimed),
            (o.claimed, o.accepted),
            (o.accepted, o.done),
        )
        hours: list[float | None] = [None, None, None, None]
        late = [0, 0, 0, 0]
        for i, (begin, end) in enumerate(spans):
            if begin is None:
                continue
            if end is not None:
                hours[i] = (end - begin) * 24
            # Completion is late against the agreed time, the other stages against their start.
            start = o.scheduled_at if i == 3 else begin
            finish = end if end is not None else (now_jd if o.state == waiting[i] else None)
            if start is not None and finish is not None and (finish - start) * 24 > limit[i]:
                late[i] = 1
        _add(agencies, o.agency_id or "", o.agency or "（未派单）", hours, late)
        _add(stations, o.station_id, o.station, hours, late)
    return _ranked(agencies), _ranked(stations)


def _ranked(groups: dict[str, Response]) -> list[Response]:
    return sorted(groups.values(), key=lambda r: (-r.orders, r.name))
