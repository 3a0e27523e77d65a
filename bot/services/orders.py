"""Order use cases: each opens one transaction, asks the workflow, saves, queues notifications.

Every command may carry an idempotency `key` (a Telegram update or callback
id): a key seen before returns the recorded outcome and changes nothing. A
repeated press by the same person (a new key, but the order already moved by
their own identical command) is also answered without a second change.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator

from bot.domain import deadlines
from bot.domain.clock import Clock, local_date
from bot.domain.deadlines import Policies, load_policies
from bot.domain.order import Order, facts
from bot.domain.privacy import ERASED, OrderView, normalize_phone, view_for
from bot.domain.textclean import free_text, one_line
from bot.domain.workflow import (
    NOTIFY,
    OFFERS,
    RULES,
    SYSTEM,
    TEAM_ROLES,
    TERMINAL,
    Actor,
    AlreadyDone,
    Cmd,
    InvalidInput,
    NotAllowed,
    NotFound,
    Role,
    State,
    Transition,
    WorkflowError,
    WrongState,
    available,
    decide,
)
from bot.services import addressing
from bot.services.addressing import Notification, group_addresses, person_addresses
from bot.services.catalog import Catalog
from bot.services.people import known_person, load_actor
from catalog.agencies import Agency
from storage import directory, ledger, orders, outbox
from storage.db import Database, Tx
from storage.directory import Team
from storage.outbox import Address
from storage.times import iso, parse

log = logging.getLogger(__name__)

MAX_REQUEST = 2000
EVENT_ONLY = "_event"  # a key an `apply` may return: recorded on the event, not the order
LOOK_CLOSER = {"coordinator.overdue"}
_FIELD_NAMES_ZH = {
    "request_text": "需求描述",
    "audience": "服务对象",
    "place_detail": "地点",
    "expected_attendance": "预计人数",
    "preferred_label": "期望时间",
    "contact_phone": "联系电话",
    "station_id": "服务阵地",
    "rating": "评分",
    "comment": "评价",
    "hours": "时长",
    "volunteers": "志愿者人数",
    "attendance": "参加人数",
    "summary": "服务小结",
    "photos": "照片",
}


def _input_error(exc: ValidationError) -> InvalidInput:
    first = exc.errors()[0]
    name = _FIELD_NAMES_ZH.get(str(first["loc"][0]) if first["loc"] else "", "输入")
    message = str(first.get("ctx", {}).get("error", "")) or first["msg"]
    if first["type"] in ("string_too_long", "too_long"):
        limit = first.get("ctx", {}).get("max_length")
        return InvalidInput(f"{name}太长：最多 {limit} 个字")
    if first["type"] in ("string_too_short", "missing", "too_short"):
        return InvalidInput(f"{name}不能为空")
    return InvalidInput(f"{name}不符合要求：{message}")


class OrderDraft(BaseModel):
    """What a resident submits (点单)."""

    jurisdiction: str
    station_id: str = Field(min_length=1)
    request_text: str = Field(min_length=1, max_length=MAX_REQUEST)
    audience: str = Field(default="", max_length=100)
    place_detail: str = Field(default="", max_length=200)
    expected_attendance: int | None = Field(default=None, ge=1, le=100000)
    preferred_label: str = Field(default="", max_length=60)
    preferred_from: date | None = None
    preferred_to: date | None = None
    contact_phone: str | None = None
    phone_visibility: Literal["station_and_team", "station_only"] = "station_and_team"
    routed_task: str | None = None
    routed_candidates: list[dict[str, Any]] = Field(default_factory=list)
    routed_score: float | None = None
    routed_confident: bool = False
    routed_reason: str | None = Field(default=None, max_length=40)
    priority: Literal["normal", "urgent"] = "normal"

    @field_validator("request_text", mode="before")
    @classmethod
    def _not_blank(cls, value: object) -> object:
        # What the resident typed ends up on staff cards: invisible characters go, and
        # a request made only of them is no request.
        if isinstance(value, str):
            value = free_text(value)
            if not value:
                raise ValueError("不能为空，也不能只有空白或不可见字符")
        return value

    @field_validator("audience", "place_detail", "preferred_label", mode="before")
    @classmethod
    def _one_line(cls, value: object) -> object:
        return one_line(value) if isinstance(value, str) else value

    @field_validator("contact_phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        return normalize_phone(value) if value else None


class CompletionReport(BaseModel):
    """What a team reports when the service is delivered."""

    date: date
    attendance: int = Field(ge=0, le=100000)
    hours: float = Field(gt=0, le=24)
    volunteers: int = Field(ge=1, le=1000)
    summary: str = Field(default="", max_length=1000)
    photos: list[str] = Field(default_factory=list, max_length=10)
    member_ids: list[int] = Field(default_factory=list, max_length=100)
    early: bool = False  # said so by the team: delivered before the agreed day

    @field_validator("summary", mode="before")
    @classmethod
    def _clean(cls, value: object) -> object:
        return free_text(value) if isinstance(value, str) else value


@dataclass
class Outcome:
    order: Order
    event: str | None
    notifications: list[Notification] = field(default_factory=list)
    repeated: bool = False  # nothing changed: the command had been carried out already


Apply = Callable[[Tx, Order, Transition, Actor], Awaitable[dict[str, Any]]]


class _AlreadyProcessed(Exception):
    """Raised inside a transaction to undo it: this command key was carried out before."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


async def _nothing(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
    return {}


class OrderService:
    def __init__(
        self,
        db: Database,
        catalog: Catalog,
        clock: Clock,
        points_per_hour: float = 10.0,
        erase_after_days: int = 30,
        policies: Policies | None = None,
    ) -> None:
        self.policies = policies or load_policies()
        self.db = db
        self.catalog = catalog
        self.clock = clock
        self.points_per_hour = points_per_hour
        self.erase_after = timedelta(days=erase_after_days)

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
            raise _input_error(exc) from None
        if draft.jurisdiction not in self.catalog.plans:
            raise InvalidInput("该旗市暂未开通服务")
        if draft.routed_task and not self.catalog.task(draft.jurisdiction, draft.routed_task):
            raise InvalidInput("所选的方案任务不存在")
        now = self.clock.now()
        try:
            return await self._submit(resident_id, name, draft, key, now)
        except _AlreadyProcessed as repeat:
            return await self._stored(repeat.key)

    async def _submit(
        self, resident_id: int, name: str, draft: OrderDraft, key: str | None, now: datetime
    ) -> Outcome:
        async with self.db.transaction() as tx:
            station = await directory.get_station(tx, draft.station_id)
            if station is None or station.jurisdiction != draft.jurisdiction:
                raise InvalidInput("所选阵地不存在")
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
                raise _AlreadyProcessed(key or "")
            notes = await self._notify(tx, order, "submitted", "")
            await self._queue(tx, order, notes, now)
        log.info("%s submitted at %s by resident %s", order.code, order.station_id, resident_id)
        return Outcome(order, "submitted", notes)

    # --- transitions -----------------------------------------------------------

    async def dispatch(
        self, order_id: int, actor_id: int, key: str | None = None, agency_id: str | None = None
    ) -> Outcome:
        async def apply(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
            chosen = agency_id or (await self.suggested_agencies(tx, order))[0][0].id
            agency = self.catalog.agency(chosen)
            if agency is None or not chosen.startswith(f"{order.jurisdiction}."):
                raise InvalidInput("请选择本旗市的部门")
            # What the router suggested beside what the station chose: the cases where
            # they differ are how the router learns (python -m catalog disagreements).
            learned = {"suggested_agency": self._router_pick(order)}
            return {"agency_id": chosen, "claimed_by": None, EVENT_ONLY: learned}

        return await self._run(Cmd.dispatch, order_id, actor_id, key, apply=apply)

    async def reject(
        self, order_id: int, actor_id: int, reason: str, key: str | None = None
    ) -> Outcome:
        return await self._run(Cmd.reject, order_id, actor_id, key, reason=reason)

    async def claim(self, order_id: int, actor_id: int, key: str | None = None) -> Outcome:
        async def apply(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
            return {"claimed_by": actor.person_id}

        return await self._run(Cmd.claim, order_id, actor_id, key, apply=apply)

    async def decline(
        self, order_id: int, actor_id: int, reason: str, key: str | None = None
    ) -> Outcome:
        async def apply(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
            return {"agency_id": None, "claimed_by": None}

        return await self._run(Cmd.decline, order_id, actor_id, key, reason=reason, apply=apply)

    async def publish(
        self, order_id: int, actor_id: int, key: str | None = None, team_id: str | None = None
    ) -> Outcome:
        async def apply(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
            if team_id:
                team = await directory.get_team(tx, team_id)
                if team is None or team.jurisdiction != order.jurisdiction:
                    raise InvalidInput("找不到该服务队")
                offered = [team_id]
            else:
                offered = await self.matching_teams(tx, order)
                if not offered:
                    raise InvalidInput("没有与该订单匹配的服务队，请直接指定一支服务队")
            return {"offered_to": offered}

        return await self._run(Cmd.publish, order_id, actor_id, key, apply=apply)

    async def accept(
        self, order_id: int, actor_id: int, key: str | None = None, team_id: str | None = None
    ) -> Outcome:
        async def apply(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
            mine = [t for t in order.offered_to if t in actor.teams()]
            chosen = team_id if team_id in mine else (mine[0] if mine and not team_id else None)
            if chosen is None:
                raise NotAllowed()
            return {"team_id": chosen}

        return await self._run(Cmd.accept, order_id, actor_id, key, apply=apply)

    async def withdraw(
        self, order_id: int, actor_id: int, reason: str, key: str | None = None
    ) -> Outcome:
        async def apply(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
            return {"team_id": None, "proposed_at": None, "scheduled_at": None}

        return await self._run(Cmd.withdraw, order_id, actor_id, key, reason=reason, apply=apply)

    async def propose_time(
        self, order_id: int, actor_id: int, when: datetime, key: str | None = None
    ) -> Outcome:
        async def apply(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
            now = self.clock.now()
            if when.tzinfo is None or when <= now or when > now + timedelta(days=366):
                raise InvalidInput("请给出一年之内、晚于现在的时间")
            return {"proposed_at": iso(when), "scheduled_at": None}

        return await self._run(Cmd.propose_time, order_id, actor_id, key, apply=apply)

    async def confirm_time(self, order_id: int, actor_id: int, key: str | None = None) -> Outcome:
        async def apply(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
            return {"scheduled_at": order.proposed_at}

        return await self._run(Cmd.confirm_time, order_id, actor_id, key, apply=apply)

    async def report_done(
        self,
        order_id: int,
        actor_id: int,
        report: CompletionReport | dict[str, Any],
        key: str | None = None,
    ) -> Outcome:
        try:
            report = (
                report
                if isinstance(report, CompletionReport)
                else CompletionReport.model_validate(report)
            )
        except ValidationError as exc:
            raise _input_error(exc) from None

        async def apply(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
            assert order.team_id is not None  # guaranteed in `scheduled`
            if report.date > local_date(self.clock.now()):
                raise InvalidInput("服务日期不能晚于今天")
            agreed = parse(order.scheduled_at)
            if agreed and report.date < local_date(agreed) and not report.early:
                raise InvalidInput("服务日期早于约定的服务时间；如确实提前完成，请注明提前完成")
            members = set(await directory.holders(tx, TEAM_ROLES, order.team_id))
            strangers = [m for m in report.member_ids if m not in members]
            if strangers:
                raise InvalidInput("名单中有不属于本服务队的队员")
            await self._credit(tx, order, report)
            return {"report": report.model_dump(mode="json")}

        return await self._run(Cmd.report_done, order_id, actor_id, key, apply=apply)

    async def _credit(self, tx: Tx, order: Order, report: CompletionReport) -> None:
        now, rate = self.clock.now(), self.points_per_hour
        assert order.team_id is not None
        team_hours = report.hours * report.volunteers
        await ledger.credit(tx, order.id, order.team_id, None, team_hours, team_hours * rate, now)
        for member in dict.fromkeys(report.member_ids):
            await ledger.credit(
                tx, order.id, order.team_id, member, report.hours, report.hours * rate, now
            )

    async def rate(
        self, order_id: int, actor_id: int, stars: int, comment: str = "", key: str | None = None
    ) -> Outcome:
        if not isinstance(stars, int) or not 1 <= stars <= 5:
            raise InvalidInput("评分请选择 1 到 5 星")
        comment = free_text(comment)
        if len(comment) > 500:
            raise InvalidInput("评价太长：最多 500 个字")

        async def apply(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
            return {"rating": stars, "rating_comment": comment or None}

        return await self._run(Cmd.rate, order_id, actor_id, key, apply=apply)

    async def comment(
        self, order_id: int, actor_id: int, text: str, key: str | None = None
    ) -> Outcome:
        """The resident adds words to the stars they gave; the first comment stands."""
        text = free_text(text)

        async def apply(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
            return {"rating_comment": text}

        return await self._run(Cmd.comment, order_id, actor_id, key, reason=text, apply=apply)

    async def cancel(
        self, order_id: int, actor_id: int, reason: str, key: str | None = None
    ) -> Outcome:
        return await self._run(Cmd.cancel, order_id, actor_id, key, reason=reason)

    async def reassign_agency(
        self, order_id: int, actor_id: int, agency_id: str, key: str | None = None
    ) -> Outcome:
        async def apply(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
            if self.catalog.agency(agency_id) is None or not agency_id.startswith(
                f"{order.jurisdiction}."
            ):
                raise InvalidInput("请选择本旗市的部门")
            return {
                "agency_id": agency_id,
                "claimed_by": None,
                "offered_to": [],
                "team_id": None,
                "proposed_at": None,
                "scheduled_at": None,
            }

        return await self._run(Cmd.reassign_agency, order_id, actor_id, key, apply=apply)

    async def reassign_team(
        self, order_id: int, actor_id: int, team_id: str, key: str | None = None
    ) -> Outcome:
        async def apply(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
            team = await directory.get_team(tx, team_id)
            if team is None or team.jurisdiction != order.jurisdiction:
                raise InvalidInput("找不到该服务队")
            offered = list(dict.fromkeys([*order.offered_to, team_id]))
            return {
                "team_id": team_id,
                "offered_to": offered,
                "proposed_at": None,
                "scheduled_at": None,
            }

        return await self._run(Cmd.reassign_team, order_id, actor_id, key, apply=apply)

    async def auto_close(self, order_id: int, key: str | None = None) -> Outcome:
        return await self._run(Cmd.auto_close, order_id, None, key)

    async def release(self, order_id: int, reason: str, key: str | None = None) -> Outcome:
        async def apply(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
            return {"team_id": None, "proposed_at": None}

        return await self._run(Cmd.release, order_id, None, key, reason=reason, apply=apply)

    # --- the common path ---------------------------------------------------------

    async def _run(
        self,
        cmd: Cmd,
        order_id: int,
        actor_id: int | None,
        key: str | None,
        reason: str = "",
        apply: Apply = _nothing,
    ) -> Outcome:
        # A reason (or a comment) is shown on others' cards: one line for a reason, its
        # own lines for a comment, never anything invisible.
        reason = free_text(reason) if cmd is Cmd.comment else one_line(reason)
        if len(reason) > 500:
            raise InvalidInput("原因太长：最多 500 个字")
        try:
            return await self._transition(cmd, order_id, actor_id, key, reason, apply)
        except _AlreadyProcessed as repeat:
            return await self._stored(repeat.key)

    async def _transition(
        self,
        cmd: Cmd,
        order_id: int,
        actor_id: int | None,
        key: str | None,
        reason: str,
        apply: Apply,
    ) -> Outcome:
        async with self.db.transaction() as tx:
            order = await orders.get(tx, order_id, make=Order.from_stored)
            if order is None:
                raise NotFound()
            actor = SYSTEM if actor_id is None else await load_actor(tx, actor_id)
            try:
                transition = decide(cmd, facts(order), actor, reason)
            except WorkflowError as refused:
                # A redelivered update, or a second press of the same button, finds
                # the order already moved by the first: answer it, change nothing.
                if key and await orders.event_for_key(tx, key):
                    raise _AlreadyProcessed(key) from None
                if isinstance(refused, WrongState) and await self._already_done_by(
                    tx, order, actor, cmd
                ):
                    return Outcome(order, RULES[cmd].event, [], repeated=True)
                raise
            now = self.clock.now()
            changes = await apply(tx, order, transition, actor)
            recorded = changes.pop(EVENT_ONLY, {})
            if transition.to_state != transition.from_state:
                changes.update(self._state_change(order, transition.to_state, now))
            changes["last_reason"] = reason
            if {"state", "scheduled_at", "priority"} & changes.keys():
                fields = {k: changes.get(k, getattr(order, k)) for k in deadlines.STAGE_FIELDS}
                moved = deadlines.stage_of(fields)
                changes["next_nudge_at"] = self._next_nudge(order.jurisdiction, moved, now)
            if not await orders.update_if_version(tx, order, changes):
                raise WrongState(State(order.state))  # changed by another process meanwhile
            updated = dataclasses.replace(order, **changes, version=order.version + 1)
            role = Role.system if actor_id is None else transition.party.value
            if not await orders.add_event(
                tx,
                order.id,
                actor.person_id,
                role,
                transition.event,
                transition.from_state,
                transition.to_state,
                now,
                reason,
                {**self._event_data(cmd, changes), **recorded},
                command_key=key,
            ):
                raise _AlreadyProcessed(key or "")
            # A team that has just been let go still hears why (released, withdrawn).
            hearers = updated
            if updated.team_id is None and order.team_id:
                hearers = dataclasses.replace(updated, team_id=order.team_id)
            notes = await self._notify(tx, hearers, transition.event, reason)
            # Steps the scheduler takes wait for the morning, like its reminders.
            hold = self._quiet(order, now) if actor_id is None else None
            await self._queue(tx, updated, notes, now, hold)
            if transition.from_state == State.claimed != transition.to_state and order.offered_to:
                await self._retire_offers(tx, updated, now)
        log.info(
            "%s %s (%s → %s) by %s %s",
            order.code,
            transition.event,
            transition.from_state.value,
            transition.to_state.value,
            role,
            actor.person_id or "",
        )
        return Outcome(updated, transition.event, notes)

    @staticmethod
    async def _retire_offers(tx: Tx, order: Order, now: datetime) -> None:
        """The offer left the teams' table: every copy of its card says so, none is sent late."""
        copies = await outbox.offer_copies(tx, order.id)
        sent = any(c["message_id"] is not None for c in copies)
        team = await directory.get_team(tx, order.team_id) if order.team_id and sent else None
        params = {"code": order.code, "team": team.name if team else "", "state": order.state}
        await outbox.retire_offers(tx, order.id, copies, params, now)

    def _next_nudge(self, jurisdiction: str, stage: deadlines.Stage, now: datetime) -> str | None:
        policy = self.policies.for_jurisdiction(jurisdiction)
        when = deadlines.next_due(stage, policy, now)
        return iso(when) if when else None

    @staticmethod
    def _state_change(order: Order, to_state: State, now: datetime) -> dict[str, Any]:
        times = dict(order.state_times)
        times.setdefault(to_state.value, iso(now))
        return {"state": to_state.value, "state_since": iso(now), "state_times": times}

    def _router_pick(self, order: Order) -> str:
        """The lead agency of the router's own first candidate (the coordinator when none)."""
        top = order.routed_candidates[0]["task"] if order.routed_candidates else None
        return self.catalog.suggested_agencies(order.jurisdiction, top)[0].id

    @staticmethod
    def _event_data(cmd: Cmd, changes: dict[str, Any]) -> dict[str, Any]:
        keep = ("agency_id", "team_id", "offered_to", "proposed_at", "rating")
        return {k: changes[k] for k in keep if k in changes and changes[k] is not None}

    async def _already_done_by(self, tx: Tx, order: Order, actor: Actor, cmd: Cmd) -> bool:
        """Whether this person once made this very step on the order (a repeated press)."""
        if actor.person_id is None:
            return False
        return await orders.made_by(tx, order.id, actor.person_id, RULES[cmd].event)

    async def _stored(self, key: str) -> Outcome:
        """The outcome recorded for a command key that was processed before."""
        async with self.db.read() as tx:
            done = await orders.event_for_key(tx, key)
            assert done is not None
            order = await orders.get(tx, done["order_id"], make=Order.from_stored)
        assert order is not None
        return Outcome(order, done["event"], [], repeated=True)

    @staticmethod
    async def _queue(
        tx: Tx,
        order: Order,
        notes: list[Notification],
        now: datetime,
        hold: datetime | None = None,
    ) -> None:
        await outbox.enqueue(tx, addressing.rows(notes, order.id), now, hold)

    def _quiet(self, order: Order, now: datetime) -> datetime:
        return deadlines.quiet_until(now, self.policies.for_jurisdiction(order.jurisdiction))

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

    async def mark_urgent(self, order_id: int, actor_id: int, key: str | None = None) -> Outcome:
        """应急科普: the order's remaining deadlines shorten to the urgent column."""

        async def apply(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
            return {"priority": "urgent"}

        return await self._run(Cmd.mark_urgent, order_id, actor_id, key, apply=apply)

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

    # --- recipients ----------------------------------------------------------------

    @staticmethod
    def _teams_of(order: Order, party: str) -> list[str]:
        if party == "team":
            return [order.team_id] if order.team_id else []
        if party == "offered_teams":
            return list(order.offered_to)
        if party == "other_offered_teams":
            return [t for t in order.offered_to if t != order.team_id]
        return []

    def _wanted(self, order: Order, parties: list[str]) -> set[tuple[str, str]]:
        """The (role, scope) pairs whose holders the notifications need."""
        wanted: set[tuple[str, str]] = set()
        if {"station", "agency", "coordinator"} & set(parties):  # the coordinator stands in
            wanted.add((Role.coordinator.value, order.jurisdiction))
        for party in parties:
            if party == "station":
                wanted.add((Role.station.value, order.station_id))
            elif party == "agency" and order.agency_id:
                wanted.add((Role.agency.value, order.agency_id))
            for team in self._teams_of(order, party):
                wanted |= {(role.value, team) for role in TEAM_ROLES}
        return wanted

    async def _notify(self, tx: Tx, order: Order, event: str, reason: str) -> list[Notification]:
        plan = NOTIFY.get(event, ())
        parties = [party for party, _ in plan]
        teams = sorted({t for party in parties for t in self._teams_of(order, party)})
        holders, groups = await directory.holders_many(tx, self._wanted(order, parties), teams)
        coordinators = holders.get((Role.coordinator.value, order.jurisdiction), [])

        def recipients(party: str) -> tuple[list[int], list[Address], bool]:
            """Persons, groups, and whether the coordinator stands in for the party."""
            if party == "resident":
                return [order.resident_id], [], False
            if party == "coordinator":
                return coordinators, [], False
            if party in ("station", "agency"):
                scope = order.station_id if party == "station" else order.agency_id
                people = holders.get((party, scope), []) if scope else []
                # Nobody holds the role yet: the coordinator sees it, so nothing waits unseen.
                return (people, [], False) if people or not scope else (coordinators, [], True)
            persons: list[int] = []
            chats: list[Address] = []
            for team in self._teams_of(order, party):
                persons += holders[(Role.team_leader.value, team)]
                persons += holders[(Role.team_member.value, team)]
                chats += group_addresses(groups.get(team, []))
            return persons, chats, False

        everyone = {p for party in parties for p in recipients(party)[0]}
        reach = await person_addresses(tx, everyone)
        notes: list[Notification] = []
        seen: set[tuple[Address, str]] = set()
        for party, template in plan:
            persons, chats, stand_in = recipients(party)
            params: dict[str, Any] = {"order_id": order.id, "code": order.code, "event": event}
            params["state"] = order.state  # a card drawn later says if the order moved on
            if event.startswith("reminded_"):  # pointless once the order leaves this stage
                params["stage_since"] = order.state_since
            if reason:
                params["reason"] = reason
            if stand_in:
                params["stand_in_for"] = party
            actions = [{"cmd": c.value, "order": order.id} for c in OFFERS.get(template, ())]
            if template in LOOK_CLOSER:  # many ways forward: the card shows them all
                actions = [{"cmd": "details", "order": order.id}]
            targets = [(a, p) for p in dict.fromkeys(persons) for a in reach.get(p, [])]
            targets += [(a, None) for a in chats]
            for address, person in targets:
                if (address, template) not in seen:
                    seen.add((address, template))
                    notes.append(Notification(address, person, template, params, actions))
        return notes

    # --- lookups ----------------------------------------------------------------------

    async def suggested_agencies(self, tx: Tx, order: Order) -> tuple[list[Agency], set[str]]:
        """The catalog's suggestions for the order, the agencies that declined it last;
        and which those are."""
        agencies = self.catalog.suggested_agencies(order.jurisdiction, order.routed_task)
        declined = set(await orders.declined_agencies(tx, order.id))
        ranked = sorted(agencies, key=lambda agency: agency.id in declined)  # stable
        return ranked, declined

    async def agency_choices(self, order: Order) -> tuple[list[Agency], set[str]]:
        """`suggested_agencies`, in its own read (for pickers)."""
        async with self.db.read() as tx:
            return await self.suggested_agencies(tx, order)

    async def team_choices(self, order: Order) -> tuple[list[Team], set[str]]:
        """The jurisdiction's teams, those matching the order first, and which match."""
        async with self.db.read() as tx:
            matching = set(await self.matching_teams(tx, order))
            teams = await directory.teams_in(tx, order.jurisdiction)
        teams.sort(key=lambda team: (team.id not in matching, team.name))
        return teams, matching

    async def matching_teams(self, tx: Tx, order: Order, neighbours: bool = False) -> list[str]:
        """Teams of the jurisdiction whose expertise covers the order's task and who serve
        its station (or one above it; with `neighbours`, also the stations beside it).
        A team that lists nothing serves everything."""
        task = self.catalog.task(order.jurisdiction, order.routed_task)
        stations = await directory.station_chain(tx, order.station_id)
        if neighbours:
            stations |= await directory.sibling_stations(tx, order.station_id)
        found = []
        for team in await directory.teams_in(tx, order.jurisdiction):
            expert = not (team.actions or team.tasks) or (
                task is not None and (task.id in team.tasks or task.action.value in team.actions)
            )
            serves = not team.stations or bool(set(team.stations) & stations)
            if expert and serves:
                found.append(team.id)
        return found

    async def _with_actor(self, order_id: int, person_id: int) -> tuple[Order, Actor]:
        async with self.db.read() as tx:
            order = await orders.get(tx, order_id, make=Order.from_stored)
            if order is None:
                raise NotFound()
            return order, await load_actor(tx, person_id)

    async def check(self, order_id: int, actor_id: int, cmd: Cmd) -> OrderView:
        """Refuse now (无权限 / 操作已失效) what a button would only ask details for later;
        a step the presser took already is refused as such (AlreadyDone)."""
        order, actor = await self._with_actor(order_id, actor_id)
        try:
            decide(cmd, facts(order), actor, reason="—")
        except AlreadyDone:
            raise
        except WrongState as refused:
            async with self.db.read() as tx:
                if await self._already_done_by(tx, order, actor, cmd):
                    raise AlreadyDone(refused.state) from None
            raise
        return view_for(order, actor)

    async def options(self, order_id: int, viewer_id: int) -> tuple[OrderView, list[Cmd]]:
        """The order as the viewer may see it, and what they may do with it now."""
        order, actor = await self._with_actor(order_id, viewer_id)
        return view_for(order, actor), available(facts(order), actor)

    async def listed(self, viewer_id: int, scope: str) -> list[tuple[Order, list[Cmd]]]:
        """`list_for`, each order with the viewer's open commands (for list buttons)."""
        async with self.db.read() as tx:
            actor = await load_actor(tx, viewer_id)
            found = await self._list(tx, actor, scope)
        return [(order, available(facts(order), actor)) for order in found]

    async def view(self, order_id: int, viewer_id: int) -> OrderView:
        order, actor = await self._with_actor(order_id, viewer_id)
        return view_for(order, actor)

    async def list_for(
        self, viewer_id: int, scope: Literal["mine", "station", "agency", "team", "coordinator"]
    ) -> list[Order]:
        async with self.db.read() as tx:
            actor = await load_actor(tx, viewer_id)
            return await self._list(tx, actor, scope)

    async def _list(self, tx: Tx, actor: Actor, scope: str) -> list[Order]:
        make = Order.from_stored
        if scope == "mine":
            assert actor.person_id is not None
            return await orders.of_resident(tx, actor.person_id, make)
        if scope == "team":
            if not actor.teams():
                raise NotAllowed()
            return await orders.for_teams(tx, actor.teams(), make)
        role = {"station": Role.station, "agency": Role.agency, "coordinator": Role.coordinator}
        if scope not in role:
            raise ValueError(scope)
        scopes = actor.scopes(role[scope])
        if not scopes:
            raise NotAllowed()
        return await orders.queue_of(tx, scope, scopes, make)

    # --- minimal personal data ----------------------------------------------------------

    async def erase_personal_data(self) -> int:
        """Mask phone and place of orders that ended `erase_after_days` ago."""
        now = self.clock.now()
        ended = tuple(sorted(s.value for s in TERMINAL))
        async with self.db.transaction() as tx:
            return await orders.erase_ended(tx, ended, now - self.erase_after, now, ERASED)
