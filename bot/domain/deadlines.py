"""When each stage of an order is due, and what happens then: a pure function of the order.

An order's nudges (reminders, escalations, and the system's own steps) follow
from its state, when it entered that state, its scheduled time and its
priority. Nothing here remembers anything: the sweep asks which nudges are due,
and the database records which were carried out (one event per nudge).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from bot.domain.clock import LOCAL_TZ
from bot.domain.clock import parse_stamp as parse

DATA = Path(__file__).parents[1] / "data" / "deadlines.yaml"


class Hours(BaseModel):
    """Hours after entering a stage (or around the scheduled time) for each nudge."""

    model_config = ConfigDict(extra="forbid")
    new_remind: float = Field(24, gt=0)
    new_escalate: float = Field(48, gt=0)
    dispatched_remind: float = Field(48, gt=0)
    dispatched_escalate: float = Field(96, gt=0)
    claimed_republish: float = Field(72, gt=0)
    claimed_escalate: float = Field(144, gt=0)
    accepted_remind: float = Field(48, gt=0)
    accepted_release: float = Field(96, gt=0)
    before_first: float = Field(24, gt=0)  # reminders before the scheduled time
    before_second: float = Field(2, gt=0)
    report_remind: float = Field(24, gt=0)  # after the scheduled time
    report_escalate: float = Field(72, gt=0)
    rating_remind: float = Field(72, gt=0)
    auto_close: float = Field(168, gt=0)


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    normal: Hours = Field(default_factory=Hours)
    urgent: Hours = Field(default_factory=Hours)
    quiet_from: time = time(21, 0)  # reminders wait from here…
    quiet_until: time = time(8, 0)  # …until here, local time


class Policies(BaseModel):
    """The shipped defaults, and any jurisdiction's own (each field replaces the default's)."""

    model_config = ConfigDict(extra="forbid")
    default: Policy
    jurisdictions: dict[str, dict[str, dict[str, float]]] = Field(default_factory=dict)
    _cache: dict[str, Policy] = PrivateAttr(default_factory=dict)

    def for_jurisdiction(self, jurisdiction: str) -> Policy:
        cache = self._cache
        if jurisdiction not in cache:
            override = self.jurisdictions.get(jurisdiction, {})
            merged = self.default.model_dump()
            for priority, hours in override.items():
                merged[priority] = {**merged[priority], **hours}
            cache[jurisdiction] = Policy.model_validate(merged)
        return cache[jurisdiction]


def load_policies(path: Path = DATA) -> Policies:
    return Policies.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Nudge:
    stage: str  # the state the order is in
    kind: str  # what happens: see KINDS
    due: datetime
    expires: datetime | None = None  # after this it is pointless (a reminder of a past date)


@dataclass(frozen=True)
class Stage:
    state: str
    state_since: datetime
    priority: str = "normal"
    scheduled_at: datetime | None = None


# Stages whose nudges count from entering the stage: (kind, the Hours field).
_AFTER_ENTRY = {
    "new": (("remind", "new_remind"), ("escalate", "new_escalate")),
    "dispatched": (("remind", "dispatched_remind"), ("escalate", "dispatched_escalate")),
    "claimed": (("republish", "claimed_republish"), ("escalate", "claimed_escalate")),
    "accepted": (("remind", "accepted_remind"), ("release", "accepted_release")),
    "done": (("rating_remind", "rating_remind"), ("auto_close", "auto_close")),
}


STAGE_FIELDS = ("state", "state_since", "priority", "scheduled_at")

# Nudges that mean an order is late, as opposed to a courtesy before the service.
LATE = frozenset(
    {"remind", "escalate", "republish", "release", "report_remind", "report_escalate"}
    | {"rating_remind"}
)


def stage_of(order: Any) -> Stage:
    """The stage of a stored order, or of a database row with the same columns."""
    get = order.__getitem__ if hasattr(order, "keys") else order.__getattribute__
    since = parse(get("state_since"))
    assert since is not None
    return Stage(get("state"), since, get("priority"), parse(get("scheduled_at")))


def nudges(stage: Stage, policy: Policy) -> list[Nudge]:
    """Every nudge of the order's current stage, in due order."""
    h = policy.urgent if stage.priority == "urgent" else policy.normal
    since, at = stage.state_since, stage.scheduled_at
    plan = [
        Nudge(stage.state, kind, since + timedelta(hours=getattr(h, hours)))
        for kind, hours in _AFTER_ENTRY.get(stage.state, ())
    ]
    if stage.state == "scheduled" and at is not None:
        plan = [
            Nudge("scheduled", "before_first", at - timedelta(hours=h.before_first), at),
            Nudge("scheduled", "before_second", at - timedelta(hours=h.before_second), at),
            Nudge("scheduled", "report_remind", at + timedelta(hours=h.report_remind)),
            Nudge("scheduled", "report_escalate", at + timedelta(hours=h.report_escalate)),
        ]
    # A reminder meant for before the stage began (scheduled at short notice) is skipped.
    return sorted((n for n in plan if n.due >= since), key=lambda n: n.due)


def due(stage: Stage, policy: Policy, now: datetime) -> list[Nudge]:
    """The nudges whose time has come and which still make sense."""
    return [
        n for n in nudges(stage, policy) if n.due <= now and (n.expires is None or now < n.expires)
    ]


def next_due(stage: Stage, policy: Policy, now: datetime) -> datetime | None:
    """When the sweep should look at this order again."""
    later = [n.due for n in nudges(stage, policy) if n.due > now]
    return min(later) if later else None


def quiet_until(moment: datetime, policy: Policy) -> datetime:
    """`moment`, or the end of the night it falls in (local time): people are not woken."""
    local = moment.astimezone(LOCAL_TZ)
    start, end = policy.quiet_from, policy.quiet_until
    clock = local.time()
    if start <= clock or clock < end:
        day = local.date() if clock < end else local.date() + timedelta(days=1)
        return datetime.combine(day, end, tzinfo=LOCAL_TZ)
    return moment


def is_late(stage: Stage, policy: Policy, now: datetime) -> bool:
    """Whether a deadline of the order's stage has passed (a digest counts it as overdue)."""
    return any(n.kind in LATE for n in due(stage, policy, now))
