"""The order life-cycle as a pure state machine: states, who may do what, what it emits.

No storage, no Telegram. `decide()` checks one command against an order's facts
and the actor's roles and returns the transition to record, or raises a
`WorkflowError` whose message is shown to the user as is.

    new ──dispatch──▶ dispatched ──claim──▶ claimed ──accept──▶ accepted
     ▲  ╲reject        │ decline(→new)       ▲  publish          │ propose_time
     │   ▼             ▼                     │                   ▼ confirm_time
     │  rejected      new          withdraw/release         scheduled ──report_done──▶ done
     │                                                                                 │ rate
    cancel (resident, any state before done) ──▶ cancelled                             ▼ auto_close
                                                                                     closed
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class State(StrEnum):
    new = "new"
    dispatched = "dispatched"
    claimed = "claimed"
    accepted = "accepted"
    scheduled = "scheduled"
    done = "done"
    closed = "closed"
    rejected = "rejected"
    cancelled = "cancelled"


TERMINAL = frozenset({State.closed, State.rejected, State.cancelled})
BEFORE_DONE = frozenset(
    {State.new, State.dispatched, State.claimed, State.accepted, State.scheduled}
)

# A team has the order (the states in which 接单 is answered with who has it).
TAKEN = frozenset({State.accepted, State.scheduled, State.done, State.closed})


class Role(StrEnum):
    resident = "resident"
    station = "station"  # operator of a station (阵地)
    agency = "agency"  # officer of an agency (部门)
    team_leader = "team_leader"
    team_member = "team_member"
    coordinator = "coordinator"  # the jurisdiction's 科协
    system = "system"  # the scheduler


TEAM_ROLES = (Role.team_leader, Role.team_member)


class Cmd(StrEnum):
    dispatch = "dispatch"
    reject = "reject"
    claim = "claim"
    decline = "decline"
    publish = "publish"
    accept = "accept"
    withdraw = "withdraw"
    propose_time = "propose_time"
    confirm_time = "confirm_time"
    report_done = "report_done"
    rate = "rate"
    cancel = "cancel"
    reassign_agency = "reassign_agency"
    reassign_team = "reassign_team"
    auto_close = "auto_close"
    release = "release"  # the team did not agree a time: back to the teams
    comment = "comment"  # words added to a rating already given
    republish = "republish"  # nobody took it: offered to teams of neighbouring stations too
    mark_urgent = "mark_urgent"  # 应急科普: the deadlines of the urgent column apply
    set_task = "set_task"  # the plan task the order counts toward, corrected


@dataclass(frozen=True)
class Grant:
    role: Role
    scope: str  # station id, agency id, team id or jurisdiction id


@dataclass(frozen=True)
class Actor:
    person_id: int | None
    grants: frozenset[Grant] = frozenset()

    def has(self, role: Role, scope: str | None) -> bool:
        return scope is not None and Grant(role, scope) in self.grants

    def teams(self) -> set[str]:
        return {g.scope for g in self.grants if g.role in TEAM_ROLES}

    def scopes(self, role: Role) -> set[str]:
        return {g.scope for g in self.grants if g.role == role}


SYSTEM = Actor(person_id=None, grants=frozenset({Grant(Role.system, "*")}))


@dataclass(frozen=True)
class OrderFacts:
    """What the state machine needs to know about an order."""

    state: State
    jurisdiction: str
    station_id: str
    resident_id: int
    agency_id: str | None = None
    team_id: str | None = None
    offered_to: tuple[str, ...] = ()
    has_proposed_time: bool = False
    rated: bool = False
    commented: bool = False
    urgent: bool = False


class Party(StrEnum):
    """Who, relative to an order, may make a transition."""

    resident = "resident"
    station = "station"
    coordinator = "coordinator"
    agency = "agency"
    offered_team = "offered_team"
    order_team = "order_team"
    system = "system"


@dataclass(frozen=True)
class Rule:
    sources: frozenset[State]
    target: State | None  # None: the state does not change
    parties: tuple[Party, ...]
    event: str
    needs_reason: bool = False


RULES: dict[Cmd, Rule] = {
    Cmd.dispatch: Rule(
        frozenset({State.new}), State.dispatched, (Party.station, Party.coordinator), "dispatched"
    ),
    Cmd.reject: Rule(
        frozenset({State.new}),
        State.rejected,
        (Party.station, Party.coordinator),
        "rejected",
        needs_reason=True,
    ),
    Cmd.claim: Rule(frozenset({State.dispatched}), State.claimed, (Party.agency,), "claimed"),
    Cmd.decline: Rule(
        frozenset({State.dispatched}), State.new, (Party.agency,), "declined", needs_reason=True
    ),
    Cmd.publish: Rule(
        frozenset({State.claimed}), None, (Party.agency, Party.coordinator), "published"
    ),
    Cmd.accept: Rule(frozenset({State.claimed}), State.accepted, (Party.offered_team,), "accepted"),
    Cmd.withdraw: Rule(
        frozenset({State.accepted, State.scheduled}),
        State.claimed,
        (Party.order_team,),
        "withdrawn",
        needs_reason=True,
    ),
    Cmd.propose_time: Rule(
        frozenset({State.accepted, State.scheduled}),
        State.accepted,
        (Party.order_team,),
        "time_proposed",
    ),
    Cmd.confirm_time: Rule(
        frozenset({State.accepted}), State.scheduled, (Party.resident,), "time_confirmed"
    ),
    Cmd.report_done: Rule(frozenset({State.scheduled}), State.done, (Party.order_team,), "done"),
    Cmd.rate: Rule(frozenset({State.done}), State.closed, (Party.resident,), "rated"),
    Cmd.cancel: Rule(
        BEFORE_DONE, State.cancelled, (Party.resident,), "cancelled", needs_reason=True
    ),
    Cmd.reassign_agency: Rule(
        BEFORE_DONE, State.dispatched, (Party.coordinator,), "reassigned_agency"
    ),
    Cmd.reassign_team: Rule(
        frozenset({State.claimed, State.accepted, State.scheduled}),
        State.accepted,
        (Party.coordinator,),
        "reassigned_team",
    ),
    Cmd.comment: Rule(
        frozenset({State.closed}), None, (Party.resident,), "commented", needs_reason=True
    ),
    # The station at 派单 (or the coordinator) and the team that serves may correct the
    # plan task an order counts toward; each change is an event (audited).
    Cmd.set_task: Rule(
        BEFORE_DONE,
        None,
        (Party.station, Party.coordinator, Party.order_team),
        "task_set",
    ),
    Cmd.mark_urgent: Rule(
        frozenset({State.new, State.dispatched, State.claimed, State.accepted}),
        None,
        (Party.station, Party.coordinator),
        "marked_urgent",
    ),
    Cmd.auto_close: Rule(frozenset({State.done}), State.closed, (Party.system,), "auto_closed"),
    Cmd.release: Rule(frozenset({State.accepted}), State.claimed, (Party.system,), "released"),
    Cmd.republish: Rule(frozenset({State.claimed}), None, (Party.system,), "republished"),
}


# How a refusal reads where no channel words it for a reader (the command line, logs):
# the words live in `texts`, which the pure domain does not import, so an entry point
# installs them with `word_refusals`. Until then a refusal reads as its code and parameters.
Wording = Callable[[str, dict[str, Any]], str]


def _plain(code: str, params: dict[str, Any]) -> str:
    return f"{code} {params}" if params else code


_wording: Wording = _plain


def word_refusals(wording: Wording | None) -> None:
    """Install how refusals read without a reader (None: back to codes and parameters)."""
    global _wording
    _wording = wording or _plain


class WorkflowError(Exception):
    """A refused command: a code and its parameters, which each channel words in its
    reader's language (`texts.refusal`, keys refused.<code>). Its string, for logs and
    the command line, is worded as the entry point installed (`word_refusals`)."""

    code = "refused"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        self.code = code or type(self).code
        self.params = params
        super().__init__(self.code)

    @property
    def message(self) -> str:
        return _wording(self.code, self.params)

    def __str__(self) -> str:
        return self.message


class NotAllowed(WorkflowError):
    code = "forbidden"


class WrongState(WorkflowError):
    code = "stale"

    def __init__(self, state: State, code: str | None = None) -> None:
        super().__init__(code, state=state.value)
        self.state = state


class AlreadyTaken(WrongState):
    code = "taken"


class AlreadyDone(WrongState):
    """The one refused had done this very step already: nothing is wrong, nothing changes."""

    code = "done_before"


class AlreadyYours(AlreadyDone):
    """A member of the team that took the order presses 接单 on an old offer card."""

    code = "yours"


class InvalidInput(WorkflowError):
    code = "invalid"


class NotFound(WorkflowError):
    code = "not_found"


@dataclass(frozen=True)
class Transition:
    cmd: Cmd
    event: str
    from_state: State
    to_state: State
    party: Party  # in which capacity the actor acted


def party_of(actor: Actor, order: OrderFacts, wanted: tuple[Party, ...]) -> Party | None:
    """The first of `wanted` capacities in which `actor` stands to `order`."""
    checks = {
        Party.resident: lambda: actor.person_id == order.resident_id,
        Party.station: lambda: actor.has(Role.station, order.station_id),
        Party.coordinator: lambda: actor.has(Role.coordinator, order.jurisdiction),
        Party.agency: lambda: actor.has(Role.agency, order.agency_id),
        Party.offered_team: lambda: bool(actor.teams() & set(order.offered_to)),
        Party.order_team: lambda: order.team_id in actor.teams(),
        Party.system: lambda: actor.has(Role.system, "*"),
    }
    return next((p for p in wanted if checks[p]()), None)


def decide(cmd: Cmd, order: OrderFacts, actor: Actor, reason: str = "") -> Transition:
    rule = RULES[cmd]
    party = party_of(actor, order, rule.parties)
    if party is None:
        raise NotAllowed()
    if order.state not in rule.sources:
        if cmd is Cmd.accept and order.team_id and order.state in TAKEN:
            mine = order.team_id in actor.teams()
            raise AlreadyYours(order.state) if mine else AlreadyTaken(order.state)
        raise WrongState(order.state)
    if rule.needs_reason and not reason.strip():
        raise InvalidInput("reason_needed")
    if cmd is Cmd.mark_urgent and order.urgent:
        raise WrongState(order.state)  # marked already
    if cmd is Cmd.comment and (not order.rated or order.commented):
        raise WrongState(order.state)  # auto-closed without stars, or said already
    if cmd is Cmd.confirm_time and not order.has_proposed_time:
        raise InvalidInput("no_time_proposed")
    return Transition(cmd, rule.event, order.state, rule.target or order.state, party)


# Who hears of each event, and with which message template. Recipients are
# parties of the order; "offered_teams" are the teams an order was published to.
NOTIFY: dict[str, tuple[tuple[str, str], ...]] = {
    "submitted": (("station", "station.new_order"), ("resident", "resident.submitted")),
    "dispatched": (("agency", "agency.new_order"), ("resident", "resident.dispatched")),
    "rejected": (("resident", "resident.rejected"),),
    "claimed": (
        ("resident", "resident.claimed"),
        ("station", "station.claimed"),
        ("agency", "agency.claimed"),  # the next step: publish or assign a team
    ),
    "declined": (("station", "station.declined"), ("resident", "resident.declined")),
    "published": (("offered_teams", "team.offer"),),
    "accepted": (
        ("team", "team.accepted"),  # the winner's next step: agree a time with the resident
        ("resident", "resident.accepted"),
        ("agency", "agency.accepted"),
        ("station", "station.accepted"),
        # the other teams' offer cards are edited in place rather than messaged again
    ),
    "withdrawn": (("agency", "agency.withdrawn"), ("resident", "resident.withdrawn")),
    "time_proposed": (
        ("resident", "resident.time_proposed"),
        ("team", "team.time_proposed"),  # the whole team knows what was proposed, and to whom
    ),
    "time_confirmed": (("team", "team.time_confirmed"),),
    "done": (("resident", "resident.rate"), ("agency", "agency.done"), ("station", "station.done")),
    "rated": (("team", "team.rated"), ("agency", "agency.rated")),
    "commented": (("team", "team.commented"),),
    "cancelled": (
        ("station", "station.cancelled"),
        ("agency", "agency.cancelled"),
        ("team", "team.cancelled"),
    ),
    "reassigned_agency": (("agency", "agency.new_order"), ("resident", "resident.dispatched")),
    "reassigned_team": (("team", "team.assigned"), ("resident", "resident.accepted")),
    "auto_closed": (("resident", "resident.auto_closed"), ("team", "team.auto_closed")),
    "released": (
        ("agency", "agency.released"),
        ("team", "team.released"),
        ("coordinator", "coordinator.overdue"),
    ),
    # Deadlines (bot.scheduling.nudges): reminders to whoever holds the stage; escalations: 科协.
    "marked_urgent": (("agency", "agency.urgent"), ("team", "team.urgent")),
    "republished": (("offered_teams", "team.offer"), ("agency", "agency.republished")),
    "reminded_new": (("station", "station.remind"),),
    "reminded_dispatched": (("agency", "agency.remind"),),
    "reminded_claimed": (("agency", "agency.remind_publish"),),
    "reminded_accepted": (("team", "team.remind_schedule"),),
    "reminded_upcoming": (("team", "team.upcoming"), ("resident", "resident.upcoming")),
    "reminded_report": (("team", "team.remind_report"),),
    "reminded_rating": (("resident", "resident.remind_rating"),),
    "escalated_new": (("coordinator", "coordinator.overdue"),),
    "escalated_dispatched": (("coordinator", "coordinator.overdue"),),
    "escalated_claimed": (("coordinator", "coordinator.overdue"),),
    "escalated_report": (("coordinator", "coordinator.overdue"),),
}

# Buttons a notification offers its recipient (rendered by the chat handlers).
OFFERS: dict[str, tuple[Cmd, ...]] = {
    "station.new_order": (Cmd.dispatch, Cmd.reject, Cmd.mark_urgent, Cmd.set_task),
    "station.declined": (Cmd.dispatch, Cmd.reject),
    "agency.new_order": (Cmd.claim, Cmd.decline),
    "agency.claimed": (Cmd.publish,),
    "agency.withdrawn": (Cmd.publish,),
    "agency.released": (Cmd.publish,),
    "team.offer": (Cmd.accept,),
    "team.assigned": (Cmd.propose_time, Cmd.withdraw),
    "team.accepted": (Cmd.propose_time, Cmd.withdraw),
    "resident.time_proposed": (Cmd.confirm_time, Cmd.cancel),
    # The team, who knows what it served, may correct the task before it reports.
    "team.time_confirmed": (Cmd.report_done, Cmd.set_task, Cmd.withdraw),
    "resident.rate": (Cmd.rate,),
    "resident.accepted": (Cmd.cancel,),
    "station.remind": (Cmd.dispatch, Cmd.reject),
    "agency.remind": (Cmd.claim, Cmd.decline),
    "agency.remind_publish": (Cmd.publish,),
    "agency.republished": (Cmd.publish,),
    "team.remind_schedule": (Cmd.propose_time, Cmd.withdraw),
    "team.remind_report": (Cmd.report_done, Cmd.set_task),
    "resident.remind_rating": (Cmd.rate,),
}


def available(order: OrderFacts, actor: Actor) -> list[Cmd]:
    """What `actor` may do with `order` now, in table order (the buttons of a list or card).

    Reasons are asked for after the press, so a placeholder stands in here."""
    found = []
    for cmd, rule in RULES.items():
        if Party.system in rule.parties:
            continue
        try:
            decide(cmd, order, actor, reason="—")
        except WorkflowError:
            continue
        found.append(cmd)
    return found
