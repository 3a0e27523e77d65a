"""The pure state machine: the table of who may do what, from which state."""

import pytest

from bot.domain.workflow import (
    RULES,
    SYSTEM,
    Actor,
    AlreadyTaken,
    AlreadyYours,
    Cmd,
    Grant,
    InvalidInput,
    NotAllowed,
    OrderFacts,
    Role,
    State,
    WrongState,
    decide,
)

ORDER = OrderFacts(
    state=State.new,
    jurisdiction="dalad",
    station_id="st1",
    resident_id=1,
    agency_id="dalad.ag1",
    team_id="team1",
    offered_to=("team1", "team2"),
    has_proposed_time=True,
)

RESIDENT = Actor(1)
STRANGER = Actor(99)
STATION = Actor(2, frozenset({Grant(Role.station, "st1")}))
OTHER_STATION = Actor(3, frozenset({Grant(Role.station, "st2")}))
AGENCY = Actor(4, frozenset({Grant(Role.agency, "dalad.ag1")}))
TEAM1 = Actor(5, frozenset({Grant(Role.team_member, "team1")}))
TEAM2 = Actor(6, frozenset({Grant(Role.team_leader, "team2")}))
TEAM3 = Actor(7, frozenset({Grant(Role.team_leader, "team3")}))
COORDINATOR = Actor(8, frozenset({Grant(Role.coordinator, "dalad")}))
OTHER_COORDINATOR = Actor(9, frozenset({Grant(Role.coordinator, "wuhai")}))

ALLOWED = [
    (Cmd.dispatch, State.new, STATION, State.dispatched),
    (Cmd.dispatch, State.new, COORDINATOR, State.dispatched),
    (Cmd.reject, State.new, STATION, State.rejected),
    (Cmd.claim, State.dispatched, AGENCY, State.claimed),
    (Cmd.decline, State.dispatched, AGENCY, State.new),
    (Cmd.publish, State.claimed, AGENCY, State.claimed),
    (Cmd.accept, State.claimed, TEAM2, State.accepted),
    (Cmd.withdraw, State.accepted, TEAM1, State.claimed),
    (Cmd.withdraw, State.scheduled, TEAM1, State.claimed),
    (Cmd.propose_time, State.accepted, TEAM1, State.accepted),
    (Cmd.propose_time, State.scheduled, TEAM1, State.accepted),
    (Cmd.confirm_time, State.accepted, RESIDENT, State.scheduled),
    (Cmd.report_done, State.scheduled, TEAM1, State.done),
    (Cmd.rate, State.done, RESIDENT, State.closed),
    (Cmd.cancel, State.scheduled, RESIDENT, State.cancelled),
    (Cmd.reassign_agency, State.claimed, COORDINATOR, State.dispatched),
    (Cmd.reassign_team, State.scheduled, COORDINATOR, State.accepted),
    (Cmd.auto_close, State.done, SYSTEM, State.closed),
    (Cmd.release, State.accepted, SYSTEM, State.claimed),
]


@pytest.mark.parametrize(("cmd", "state", "actor", "target"), ALLOWED)
def test_allowed_transitions(cmd, state, actor, target):
    order = OrderFacts(**{**ORDER.__dict__, "state": state})
    transition = decide(cmd, order, actor, reason="理由")
    assert (transition.from_state, transition.to_state) == (state, target)
    assert transition.event == RULES[cmd].event


REFUSED_ROLE = [
    (Cmd.dispatch, State.new, OTHER_STATION),
    (Cmd.dispatch, State.new, RESIDENT),
    (Cmd.dispatch, State.new, OTHER_COORDINATOR),
    (Cmd.claim, State.dispatched, STATION),
    (Cmd.accept, State.claimed, TEAM3),  # not offered
    (Cmd.accept, State.claimed, AGENCY),
    (Cmd.report_done, State.scheduled, TEAM2),  # offered, but not the team that accepted
    (Cmd.confirm_time, State.accepted, STRANGER),
    (Cmd.rate, State.done, STATION),
    (Cmd.cancel, State.new, COORDINATOR),
    (Cmd.auto_close, State.done, COORDINATOR),
    (Cmd.reassign_team, State.accepted, STATION),
]


@pytest.mark.parametrize(("cmd", "state", "actor"), REFUSED_ROLE)
def test_refused_outside_ones_role(cmd, state, actor):
    order = OrderFacts(**{**ORDER.__dict__, "state": state})
    with pytest.raises(NotAllowed, match="无权限"):
        decide(cmd, order, actor, reason="理由")


def test_wrong_state_is_refused_with_the_current_state():
    order = OrderFacts(**{**ORDER.__dict__, "state": State.closed})
    with pytest.raises(WrongState, match="操作已失效"):
        decide(Cmd.dispatch, order, STATION)


def test_accept_after_another_team_says_already_taken():
    order = OrderFacts(**{**ORDER.__dict__, "state": State.accepted})
    with pytest.raises(AlreadyTaken, match="已被其他队伍接单"):
        decide(Cmd.accept, order, TEAM2)


def test_accept_by_the_team_that_has_it_says_so_and_a_cancelled_order_is_not_taken():
    order = OrderFacts(**{**ORDER.__dict__, "state": State.scheduled})
    with pytest.raises(AlreadyYours, match="您的队伍已接单"):
        decide(Cmd.accept, order, TEAM1)
    cancelled = OrderFacts(**{**ORDER.__dict__, "state": State.cancelled})
    with pytest.raises(WrongState, match="已取消") as refused:
        decide(Cmd.accept, cancelled, TEAM2)
    assert not isinstance(refused.value, AlreadyTaken)


@pytest.mark.parametrize("cmd", [Cmd.reject, Cmd.decline, Cmd.withdraw, Cmd.cancel])
def test_reasons_are_required(cmd):
    source = next(iter(RULES[cmd].sources))
    actor = {Cmd.reject: STATION, Cmd.decline: AGENCY, Cmd.withdraw: TEAM1, Cmd.cancel: RESIDENT}[
        cmd
    ]
    order = OrderFacts(**{**ORDER.__dict__, "state": source})
    with pytest.raises(InvalidInput, match="原因"):
        decide(cmd, order, actor, reason="  ")


def test_confirm_needs_a_proposed_time():
    order = OrderFacts(**{**ORDER.__dict__, "state": State.accepted, "has_proposed_time": False})
    with pytest.raises(InvalidInput, match="时间"):
        decide(Cmd.confirm_time, order, RESIDENT)


def test_no_one_may_leave_a_terminal_state():
    for state in (State.closed, State.rejected, State.cancelled):
        for cmd, rule in RULES.items():
            # Only a comment on a rating may touch a closed order, and it keeps it closed.
            leaves = state in rule.sources and rule.target is not None
            assert not leaves, (cmd, state)


def test_a_refusal_carries_a_code_and_parameters_and_no_words(monkeypatch):
    from bot.domain import workflow

    monkeypatch.setattr(workflow, "_wording", workflow._wording)  # put back afterwards
    workflow.word_refusals(None)  # no entry point has installed any words
    order = OrderFacts(**{**ORDER.__dict__, "state": State.closed})
    with pytest.raises(WrongState) as refused:
        decide(Cmd.dispatch, order, STATION)
    assert (refused.value.code, refused.value.params) == ("stale", {"state": "closed"})
    assert str(refused.value) == "stale {'state': 'closed'}"


def test_each_reader_gets_a_refusal_in_their_language():
    from texts import refused_words

    order = OrderFacts(**{**ORDER.__dict__, "state": State.closed})
    with pytest.raises(WrongState) as refused:
        decide(Cmd.dispatch, order, STATION)
    assert refused_words("zh", refused.value) == "操作已失效：该订单当前已办结"
    assert refused_words("en", refused.value) == "This action has expired: the order is now closed"


def test_the_command_line_installs_chinese_words(monkeypatch, capsys):
    from bot import cli
    from bot.domain import workflow

    monkeypatch.setattr(workflow, "_wording", workflow._wording)
    workflow.word_refusals(None)
    assert str(AlreadyTaken(State.accepted)) == "taken {'state': 'accepted'}"
    with pytest.raises(SystemExit):
        cli.main(["--help"])  # the words are installed before anything else runs
    capsys.readouterr()
    assert str(AlreadyTaken(State.accepted)) == "已被其他队伍接单"
