"""Response times per agency and per station, and overdue counts (pure).

Each stage is timed from its first moment to the next stage's first moment; a stage
is overdue when it took longer than its escalation deadline (bot/data/deadlines.yaml,
the urgent column for 应急科普 orders), or is still waiting past it at `now`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.deadlines import Hours, Policy
from storage.reporting import OrderLine
from storage.table import Table

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


# Each stage runs from its first moment to the next stage's (OrderLine fields).
_SPANS = (
    ("submitted", "dispatched"),
    ("dispatched", "claimed"),
    ("claimed", "accepted"),
    ("accepted", "done"),
)


def responses(
    lines: Table[OrderLine], policy: Policy, now_jd: float
) -> tuple[list[Response], list[Response]]:
    """Per agency and per station. `now_jd` is the moment of the report as a Julian day
    (the way storage gives moments).

    Worked out a column at a time with numpy (a year is 100,000 orders: a Python step per
    order and stage took most of a second); sums run in row order, as a loop would add."""
    import numpy as np  # here, not at import: the bot loads it only when a report is built

    column = lines.column
    urgent = np.array([p == "urgent" for p in column("priority")])
    states = column("state")
    hours, late = [], []
    for i, (first, then) in enumerate(_SPANS):
        begin = np.array(column(first), dtype=float)  # None -> nan: a stage never reached
        end = np.array(column(then), dtype=float)
        hours.append((end - begin) * 24)
        # Completion is late against the agreed time, the other stages against their start;
        # a stage not finished is late at `now` if the order still waits there.
        start = np.array(column("scheduled_at"), dtype=float) if i == 3 else begin
        waiting = np.array([s == _WAITING[STAGES[i]] for s in states])
        finish = np.where(np.isnan(end), np.where(waiting, now_jd, np.nan), end)
        limit = np.where(
            urgent, _limits(policy.urgent)[STAGES[i]], _limits(policy.normal)[STAGES[i]]
        )
        late.append(~np.isnan(begin) & ((finish - start) * 24 > limit))
    agencies = _grouped(
        [a or "" for a in column("agency_id")],
        [n or "（未派单）" for n in column("agency")],
        hours,
        late,
    )
    stations = _grouped(column("station_id"), column("station"), hours, late)
    return _ranked(agencies), _ranked(stations)


def _grouped(keys: list[str], names: list[str], hours: list, late: list) -> list[Response]:
    import numpy as np

    position = {key: i for i, key in enumerate(dict.fromkeys(keys))}
    group = np.array([position[k] for k in keys], dtype=np.intp)
    size = len(position)
    orders = np.bincount(group, minlength=size).tolist()
    name_of = dict(zip(keys, names, strict=True))
    found = [Response(key, name_of[key], n) for key, n in zip(position, orders, strict=True)]
    for stage, spent, over in zip(STAGES, hours, late, strict=True):
        timed = ~np.isnan(spent)
        totals = np.bincount(group, weights=np.where(timed, spent, 0.0), minlength=size)
        counts = np.bincount(group, weights=timed, minlength=size)
        overdue = np.bincount(group, weights=over, minlength=size)
        for r, total, n, o in zip(
            found, totals.tolist(), counts.tolist(), overdue.tolist(), strict=True
        ):
            r.total_h[stage], r.timed[stage], r.overdue[stage] = total, int(n), int(o)
    return found


def _ranked(groups: list[Response]) -> list[Response]:
    return sorted(groups, key=lambda r: (-r.orders, r.name))
