"""Regular reports and campaign prompts, sent once per period whatever the downtime.

Each report claims its (kind, period, scope) row in the same transaction that
queues its messages, so a restart neither repeats nor loses it; the sweep
calls `run_due` every tick and only the first call in a period does anything.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any

from bot.domain import campaigns, deadlines
from bot.domain.clock import LOCAL_TZ
from bot.domain.workflow import TERMINAL, Role, State
from bot.reports.build import plan_progress_for
from bot.reports.periods import parse_period
from bot.reports.progress import STATUS_KEYS
from bot.services import Services, addressing
from bot.services.catalog import Catalog
from bot.services.directory import names_in
from catalog.schema import Task
from storage import directory, orders, outbox, reports
from storage.db import Tx

log = logging.getLogger(__name__)

WEEKLY_AT = time(9, 0)  # Monday, local time
# The 科协's monthly summary: the channel attaches the month's workbook when it sends it.
COORDINATOR_MONTHLY = "coordinator.monthly"
MONTHLY_AT = time(9, 0)  # the first of the month, local time


class Periodic:
    def __init__(self, services: Services, bot_username: str) -> None:
        self.services = services
        self.bot_username = bot_username
        self.calendar = campaigns.load_campaigns()
        # Periods this process has fully handled: later ticks in the period skip the
        # database. (Someone who takes a role later in the period waits for the next.)
        self._settled: set[str] = set()
        self._installed: datetime | None = None

    async def _began(self, now: datetime) -> datetime:
        """When the deployment began: reports for periods that ended before are not sent."""
        if self._installed is None:
            async with self.services.db.transaction() as tx:
                self._installed = await reports.installed_at(tx, now)
        return self._installed

    async def run_due(self) -> list[str]:
        """Send whatever report or prompt is due now and was not sent; returns what was."""
        now = self.services.clock.now()
        local = now.astimezone(LOCAL_TZ)
        places = self.services.settings.jurisdiction_ids
        sent: list[str] = []
        began = await self._began(now)
        monday = local.date() - timedelta(days=local.weekday())
        year, week, _ = monday.isocalendar()
        weekly = f"digest:{year}-W{week:02d}"
        due = datetime.combine(monday, WEEKLY_AT, LOCAL_TZ)  # the end of the week it covers
        if weekly not in self._settled and local >= due:
            for place in places if due > began else ():
                if await self._weekly(place, weekly.split(":")[1], monday, now):
                    sent.append(f"digest:{place}")
            self._settled.add(weekly)
        first = local.date().replace(day=1)
        monthly = f"monthly:{first:%Y-%m}"
        month_end = datetime.combine(first, time(0), LOCAL_TZ)  # of the month it covers
        if monthly not in self._settled and local >= datetime.combine(first, MONTHLY_AT, LOCAL_TZ):
            for place in places if month_end > began else ():
                sent += await self._monthly(place, first, now)
            self._settled.add(monthly)
        for due in campaigns.upcoming(self.calendar, local.date()):
            prompt = f"campaign:{due.period}"
            if prompt not in self._settled:
                for place in places:
                    sent += await self._campaign(place, due, now)
                self._settled.add(prompt)
        return sent

    # --- the weekly digest to coordinators ------------------------------------------

    async def _weekly(self, place: str, period: str, monday: date, now: datetime) -> bool:
        start = datetime.combine(monday - timedelta(days=7), WEEKLY_AT, LOCAL_TZ)
        end = datetime.combine(monday, WEEKLY_AT, LOCAL_TZ)
        async with self.services.db.read() as tx:  # sent before a restart: read no year
            if await reports.was_sent(tx, "digest", period, place):
                return False
        plan = await self._plan_facts(place, monday - timedelta(days=1))
        async with self.services.db.transaction() as tx:
            if not await reports.claim_period(tx, "digest", period, place, now):
                return False
            facts = await self._digest(tx, place, start, end, now) | {"progress": plan}
            coordinators = await directory.holders(tx, (Role.coordinator.value,), place)
            notes = await addressing.to_persons(tx, coordinators, "coordinator.digest", facts)
            await outbox.enqueue(tx, addressing.rows(notes), now)
        return True

    async def _digest(
        self, tx: Tx, place: str, start: datetime, end: datetime, now: datetime
    ) -> dict[str, Any]:
        """The week's figures; each channel words them (template coordinator.digest)."""
        summary = await reports.summary(tx, place)
        week = await reports.window(tx, "jurisdiction", place, start, end)
        open_states = [s for s in summary.by_state if State(s) not in TERMINAL]
        return {
            "place": self.services.catalog.plan(place).name,
            "first": _local_day(start),
            "last": _local_day(end - timedelta(days=1)),
            "open": [[s, summary.by_state[s]] for s in open_states],
            "late": await self._late(tx, place, now),
            "completed": week.completed,
            "rated": week.rated,
            "rating": week.average_rating,
            "hours": week.hours,
        }

    async def _plan_facts(self, place: str, day: date) -> dict[str, Any]:
        """The year's plan progress as of `day`: how many targets stand at each status."""
        period = parse_period(str(day.year))
        p = await plan_progress_for(self.services.db, self.services.catalog, place, period, day)
        counts = Counter(STATUS_KEYS[g.status] for g in p.targets())
        return {
            "period": period.label,
            "elapsed": p.elapsed,
            "statuses": [[key, counts[key]] for key in STATUS_KEYS.values() if counts[key]],
        }

    async def _late(self, tx: Tx, place: str, now: datetime) -> list[list[Any]]:
        """Open orders past a deadline of their stage: [stage, who holds it, count], sorted."""
        rows = await orders.open_stages(tx, place)
        policy = self.services.orders.policies.for_jurisdiction(place)
        counts: Counter[tuple[str, str]] = Counter()
        for row in rows:
            if deadlines.is_late(deadlines.stage_of(row), policy, now):
                counts[(row["state"], _holder_id(row))] += 1
        names = await names_in(tx, self.services.catalog, place)
        return sorted(
            [state, names.get(holder, holder), n] for (state, holder), n in counts.items()
        )

    # --- the monthly summary to each agency ---------------------------------------------

    async def _monthly(self, place: str, first: date, now: datetime) -> list[str]:
        previous = (first - timedelta(days=1)).replace(day=1)
        start = datetime.combine(previous, time(0), LOCAL_TZ)
        end = datetime.combine(first, time(0), LOCAL_TZ)
        period, sent = previous.strftime("%Y-%m"), []
        async with self.services.db.transaction() as tx:
            chats = await directory.holders(tx, (Role.coordinator.value,), place)
            if chats and await reports.claim_period(tx, "coordinator_monthly", period, place, now):
                facts = {"jurisdiction": place, "period": period}
                notes = await addressing.to_persons(tx, chats, COORDINATOR_MONTHLY, facts)
                await outbox.enqueue(tx, addressing.rows(notes), now)
                sent.append(f"coordinator_monthly:{place}")
        for agency in self.services.catalog.registries[place].agencies:
            async with self.services.db.transaction() as tx:
                chats = await directory.holders(tx, (Role.agency.value,), agency.id)
                if not chats or not await reports.claim_period(
                    tx, "monthly", period, agency.id, now
                ):
                    continue
                month = await reports.window(tx, "agency_id", agency.id, start, end)
                facts = {
                    "agency": agency.name,
                    "period": period,
                    "completed": month.completed,
                    "rated": month.rated,
                    "rating": month.average_rating,
                    "hours": month.hours,
                    "waiting": await orders.waiting_count(tx, agency.id),
                }
                notes = await addressing.to_persons(tx, chats, "agency.monthly", facts)
                await outbox.enqueue(tx, addressing.rows(notes), now)
            sent.append(f"monthly:{agency.id}")
        return sent

    # --- theme-day prompts to stations -----------------------------------------------------

    async def _campaign(self, place: str, due: campaigns.Upcoming, now: datetime) -> list[str]:
        catalog, campaign = self.services.catalog, due.campaign
        task = fitting_task(catalog, place, campaign)
        sent = []
        async with self.services.db.read() as tx:
            stations = await directory.stations_in(tx, place)
        for station in stations:
            async with self.services.db.transaction() as tx:
                chats = await directory.holders(tx, (Role.station.value,), station.id)
                if not chats or not await reports.claim_period(
                    tx, "campaign", due.period, station.id, now
                ):
                    continue
                # The channel makes the link (a Telegram deep link, say) from the payload.
                facts = {
                    "campaign": campaign.name,
                    "first": due.start.isoformat(),
                    "last": due.end.isoformat(),
                    "days": (due.start - now.astimezone(LOCAL_TZ).date()).days,
                    "task": task.title if task else "",
                    "lead": "、".join(task.lead) if task else "",
                    "topic": campaign.topic,
                    "payload": campaigns.deep_link_payload(campaign, station.id),
                }
                notes = await addressing.to_persons(tx, chats, "station.campaign", facts)
                await outbox.enqueue(tx, addressing.rows(notes), now)
            sent.append(f"campaign:{campaign.id}:{station.id}")
        return sent


def _holder_id(row: Any) -> str:
    """Who holds an order's stage: its station, agency, team, or (rating) the resident."""
    if row["state"] == "new":
        return str(row["station_id"])
    if row["state"] in ("dispatched", "claimed"):
        return str(row["agency_id"] or "")
    if row["state"] in ("accepted", "scheduled"):
        return str(row["team_id"] or "")
    return ""


def _local_day(moment: datetime) -> str:
    return moment.astimezone(LOCAL_TZ).date().isoformat()


def fitting_task(catalog: Catalog, jurisdiction: str, campaign: campaigns.Campaign) -> Task | None:
    """The plan task the router finds for the topic, if it lies in the campaign's action;
    else the action's first task."""
    plan = catalog.plan(jurisdiction)
    if catalog.router is not None:
        result = catalog.router.route(jurisdiction, campaign.topic)
        for candidate in result.candidates[:3]:
            if candidate.action == campaign.action:
                return catalog.task(jurisdiction, candidate.task)
    for action in plan.actions:
        if action.key.value == campaign.action and action.tasks:
            return action.tasks[0]
    return None
