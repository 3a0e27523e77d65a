"""The commands people give an order (派单, 领单, 接单 …), each a thin `apply` on the engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError

from bot.domain.clock import local_date
from bot.domain.order import Order
from bot.domain.textclean import free_text
from bot.domain.workflow import (
    TEAM_ROLES,
    Actor,
    Cmd,
    InvalidInput,
    NotAllowed,
    Transition,
    WorkflowError,
)
from bot.services.orders.engine import EVENT_ONLY, Outcome, Unchanged
from bot.services.orders.forms import CompletionReport, input_error
from storage import directory, ledger, orders
from storage.db import Tx
from storage.times import iso, parse


class Commands:
    # --- transitions -----------------------------------------------------------

    async def dispatch(
        self, order_id: int, actor_id: int, key: str | None = None, agency_id: str | None = None
    ) -> Outcome:
        async def apply(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
            chosen = agency_id or (await self.suggested_agencies(tx, order))[0][0].id
            agency = self.catalog.agency(chosen)
            if agency is None or not chosen.startswith(f"{order.jurisdiction}."):
                raise InvalidInput("agency_elsewhere")
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
                    raise InvalidInput("team_unknown")
                offered = [team_id]
            else:
                offered = await self.matching_teams(tx, order)
                if not offered:
                    raise InvalidInput("no_matching_team")
            if set(offered) <= set(order.offered_to) and await _offer_out(tx, order):
                raise Unchanged()  # a second press would send every team the offer again
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
                raise InvalidInput("time_out_of_range")
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
            raise input_error(exc) from None

        async def apply(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
            assert order.team_id is not None  # guaranteed in `scheduled`
            if report.date > local_date(self.clock.now()):
                raise InvalidInput("report_future")
            agreed = parse(order.scheduled_at)
            if agreed and report.date < local_date(agreed) and not report.early:
                raise InvalidInput("report_early")
            members = set(await directory.holders(tx, TEAM_ROLES, order.team_id))
            strangers = [m for m in report.member_ids if m not in members]
            if strangers:
                raise InvalidInput("report_strangers")
            await self._credit(tx, order, report)
            changes: dict[str, Any] = {"report": report.model_dump(mode="json")}
            if report.task and report.task != order.counted_task:  # the team says what it was
                changes |= {"counted_task": self._plan_task(order, report.task)}
                changes[EVENT_ONLY] = _was(order)
            return changes

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
            raise InvalidInput("stars_range")
        comment = free_text(comment)
        if len(comment) > 500:
            raise InvalidInput("comment_too_long")

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
                raise InvalidInput("agency_elsewhere")
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
                raise InvalidInput("team_unknown")
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

    async def set_task(
        self, order_id: int, actor_id: int, task_id: str, key: str | None = None
    ) -> Outcome:
        """The plan task the order counts toward (跟踪问效), corrected; the event keeps the
        task it counted toward before."""

        async def apply(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
            return {"counted_task": self._plan_task(order, task_id), EVENT_ONLY: _was(order)}

        return await self._run(Cmd.set_task, order_id, actor_id, key, apply=apply)

    def _plan_task(self, order: Order, task_id: str) -> str:
        if not task_id or self.catalog.task(order.jurisdiction, task_id) is None:
            raise InvalidInput("task_unknown")
        return task_id

    async def mark_urgent(self, order_id: int, actor_id: int, key: str | None = None) -> Outcome:
        """应急科普: the order's remaining deadlines shorten to the urgent column."""

        async def apply(tx: Tx, order: Order, t: Transition, actor: Actor) -> dict[str, Any]:
            return {"priority": "urgent"}

        return await self._run(Cmd.mark_urgent, order_id, actor_id, key, apply=apply)


@dataclass(frozen=True)
class Given:
    """What a person gave with a command: the chosen agency or team, a reason, stars."""

    choice: str | None = None
    reason: str = ""
    stars: int | None = None


class Performing:
    """One table from each command a person may give to the use case that carries it out,
    so a channel never calls a method by its name."""

    async def perform(
        self, cmd: Cmd, order_id: int, actor_id: int, key: str | None, given: Given = Given()
    ) -> Outcome:
        svc: Any = self
        calls = {
            Cmd.dispatch: lambda: svc.dispatch(order_id, actor_id, key, agency_id=given.choice),
            Cmd.reject: lambda: svc.reject(order_id, actor_id, given.reason, key),
            Cmd.claim: lambda: svc.claim(order_id, actor_id, key),
            Cmd.decline: lambda: svc.decline(order_id, actor_id, given.reason, key),
            Cmd.publish: lambda: svc.publish(order_id, actor_id, key, team_id=given.choice),
            Cmd.accept: lambda: svc.accept(order_id, actor_id, key),
            Cmd.withdraw: lambda: svc.withdraw(order_id, actor_id, given.reason, key),
            Cmd.confirm_time: lambda: svc.confirm_time(order_id, actor_id, key),
            Cmd.rate: lambda: svc.rate(order_id, actor_id, given.stars or 0, key=key),
            Cmd.comment: lambda: svc.comment(order_id, actor_id, given.reason, key),
            Cmd.cancel: lambda: svc.cancel(order_id, actor_id, given.reason, key),
            Cmd.reassign_agency: lambda: svc.reassign_agency(
                order_id, actor_id, given.choice or "", key
            ),
            Cmd.reassign_team: lambda: svc.reassign_team(
                order_id, actor_id, given.choice or "", key
            ),
            Cmd.mark_urgent: lambda: svc.mark_urgent(order_id, actor_id, key),
            Cmd.set_task: lambda: svc.set_task(order_id, actor_id, given.choice or "", key),
        }
        if cmd not in calls:  # a time or a report comes through its own use case
            raise WorkflowError("expired")
        return await calls[cmd]()  # type: ignore[no-any-return]


def _was(order: Order) -> dict[str, Any]:
    """What the event keeps of a task correction: the task before."""
    return {"counted_task_before": order.counted_task}


# Events after which an order's offer is, or is no longer, on the teams' table.
_OFFER_EVENTS = ("published", "republished", "accepted", "reassigned_team")


async def _offer_out(tx: Tx, order: Order) -> bool:
    """Whether the teams in `offered_to` hold an open offer now: it was published and no
    team has taken it since (one that took it and let it go leaves no offer out)."""
    return await orders.last_of(tx, order.id, _OFFER_EVENTS) in ("published", "republished")
