"""What the web console lists: the orders a person may see, filtered and searched, and an
order's timeline (its audit trail). The same rules as the chat: who may see an order is
`bot.domain.privacy.may_view`, what they may do with it is the workflow's `available`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from bot.domain import deadlines
from bot.domain.clock import LOCAL_TZ
from bot.domain.order import Order, facts
from bot.domain.privacy import may_view, view_for
from bot.domain.textclean import one_line
from bot.domain.workflow import BEFORE_DONE, Actor, Cmd, InvalidInput, Role, State, available
from bot.services.people import load_actor
from catalog.schema import ActionKey
from storage import directory, order_search, orders
from storage.order_search import Visible, Wanted

PAGE_SIZE = 30
OVERDUE_SCAN = 5000  # open orders looked at for "overdue only": far more than any jurisdiction has
PERIODS = ("7d", "30d", "month", "year")
OPEN = tuple(s.value for s in State if s in BEFORE_DONE or s is State.done)
# Parties whose names the timeline shows; a resident is shown as such, never by name.
_NAMED = {"station", "coordinator", "agency", "offered_team", "order_team"}


@dataclass(frozen=True)
class OrderFilter:
    state: str = ""
    station: str = ""
    agency: str = ""
    team: str = ""
    action: str = ""
    period: str = ""  # one of PERIODS, or "" for any time
    overdue: bool = False
    text: str = ""  # part of an order code, or words of the request
    page: int = 1


@dataclass
class Listed:
    order: Order
    cmds: list[Cmd]  # what the viewer may do with it now
    overdue: bool


@dataclass
class OrderPage:
    rows: list[Listed]
    total: int
    page: int
    pages: int


@dataclass
class Entry:
    """One event of an order's audit trail, with the names it mentions."""

    at: str
    event: str
    party: str  # in which capacity the actor acted (station, agency, …, resident, system)
    actor: str  # the staff member's name; "" for a resident or the system
    from_state: str | None
    to_state: str | None
    reason: str
    agency: str = ""
    task: str = ""  # the plan task it counts toward, when the event set it
    team: str = ""
    offered: list[str] = field(default_factory=list)
    proposed_at: str | None = None
    rating: int | None = None


class Browsing:
    async def search(self, viewer_id: int, wanted: OrderFilter) -> OrderPage:
        """One page of the orders the viewer may see that match `wanted`, newest first."""
        query = self._filters(wanted)
        page = wanted.page
        if not 1 <= page <= 10000:
            raise InvalidInput("filter_invalid", field="page")
        async with self.db.read() as tx:
            actor = await load_actor(tx, viewer_id)
            visible = Visible(
                sorted(actor.scopes(Role.station)),
                sorted(actor.scopes(Role.agency)),
                sorted(actor.teams()),
                sorted(actor.scopes(Role.coordinator)),
            )
            if wanted.overdue:
                found, _ = await order_search.search(
                    tx, visible, query, OVERDUE_SCAN, 0, Order.from_stored
                )
            else:
                offset = (page - 1) * PAGE_SIZE
                found, total = await order_search.search(
                    tx, visible, query, PAGE_SIZE, offset, Order.from_stored
                )
        rows = [self._listed(order, actor) for order in found if may_view(order, actor)]
        if wanted.overdue:
            late = [row for row in rows if row.overdue]
            total = len(late)
            rows = late[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        return OrderPage(rows, total, page, max(1, -(-total // PAGE_SIZE)))

    def _filters(self, wanted: OrderFilter) -> Wanted:
        """The filters checked; a value no form offers is refused rather than ignored."""
        if wanted.state and wanted.state not in State.__members__:
            raise InvalidInput("filter_invalid", field="state")
        if wanted.action and wanted.action not in ActionKey.__members__:
            raise InvalidInput("filter_invalid", field="action")
        if wanted.period and wanted.period not in PERIODS:
            raise InvalidInput("filter_invalid", field="period")
        text = one_line(wanted.text).strip()
        if len(text) > 100:
            raise InvalidInput("field_too_long", field="search", limit=100)
        states: tuple[str, ...] = (wanted.state,) if wanted.state else ()
        if wanted.overdue:
            states = tuple(s for s in OPEN if not states or s in states)
        return Wanted(
            states=states,
            station=wanted.station,
            agency=wanted.agency,
            team=wanted.team,
            action=wanted.action,
            since=self._since(wanted.period),
            text=text,
        )

    def _since(self, period: str) -> datetime | None:
        now = self.clock.now()
        today = now.astimezone(LOCAL_TZ).date()
        if period == "7d":
            return now - timedelta(days=7)
        if period == "30d":
            return now - timedelta(days=30)
        if period == "month":
            return datetime.combine(today.replace(day=1), time(0), LOCAL_TZ)
        if period == "year":
            return datetime.combine(today.replace(month=1, day=1), time(0), LOCAL_TZ)
        return None

    def _listed(self, order: Order, actor: Actor) -> Listed:
        return Listed(order, available(facts(order), actor), self.is_overdue(order))

    def is_overdue(self, order: Order) -> bool:
        """Past a deadline of its stage, as the weekly digest counts it."""
        if order.state not in OPEN:
            return False
        policy = self.policies.for_jurisdiction(order.jurisdiction)
        return deadlines.is_late(deadlines.stage_of(order), policy, self.clock.now())

    async def timeline(self, order_id: int, viewer_id: int) -> list[Entry]:
        """The order's events, oldest first, for someone who may see the order."""
        order, actor = await self._with_actor(order_id, viewer_id)
        view_for(order, actor)  # NotAllowed for anyone else
        async with self.db.read() as tx:
            rows = await orders.events(tx, order_id)
            teams = {t.id: t.name for t in await directory.teams_in(tx, order.jurisdiction)}
            named = {
                r["actor_id"]
                for r in rows
                if r["actor_id"] is not None and r["actor_role"] in _NAMED
            }
            known = await directory.names_of(tx, sorted(named))
            names = {who: known.get(who, str(who)) for who in named}
        return [self._entry(order.jurisdiction, row, names, teams) for row in rows]

    def _entry(
        self, jurisdiction: str, row: object, names: dict[int, str], teams: dict[str, str]
    ) -> Entry:
        get = row.__getitem__  # type: ignore[attr-defined]
        data = json.loads(get("data") or "{}")
        agency = self.catalog.agency(data["agency_id"]) if data.get("agency_id") else None
        task = self.catalog.task(jurisdiction, data.get("counted_task"))
        return Entry(
            at=get("at"),
            event=get("event"),
            party=get("actor_role"),
            actor=names.get(get("actor_id"), "") if get("actor_role") in _NAMED else "",
            from_state=get("from_state"),
            to_state=get("to_state"),
            reason=get("reason") or "",
            agency=agency.name if agency else "",
            task=task.title if task and get("event") == "task_set" else "",
            team=teams.get(data.get("team_id") or "", ""),
            offered=[teams.get(t, t) for t in data.get("offered_to") or []],
            proposed_at=data.get("proposed_at"),
            rating=data.get("rating"),
        )
