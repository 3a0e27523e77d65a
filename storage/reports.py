"""Counts for summaries (/stats now; digests later): read-only queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.db import Tx
from storage.times import iso, parse


@dataclass
class Summary:
    by_state: dict[str, int]
    completed: int
    average_rating: float | None
    hours: float


async def summary(tx: Tx, jurisdiction: str) -> Summary:
    rows = await tx.fetchall(
        "SELECT state, COUNT(*) AS n FROM orders WHERE jurisdiction = ? GROUP BY state",
        (jurisdiction,),
    )
    rated = await tx.fetchone(
        "SELECT AVG(rating) AS avg FROM orders WHERE jurisdiction = ? AND rating IS NOT NULL",
        (jurisdiction,),
    )
    # Team rows of the ledger (person_id NULL) hold hours × volunteers per order.
    hours = await tx.scalar(
        "SELECT COALESCE(SUM(l.hours), 0) FROM ledger l JOIN orders o ON o.id = l.order_id "
        "WHERE o.jurisdiction = ? AND l.person_id IS NULL",
        (jurisdiction,),
    )
    by_state = {r["state"]: r["n"] for r in rows}
    completed = by_state.get("done", 0) + by_state.get("closed", 0)
    average = float(rated["avg"]) if rated and rated["avg"] is not None else None
    return Summary(by_state, completed, average, float(hours))


async def was_sent(tx: Tx, kind: str, period: str, scope: str) -> bool:
    found = await tx.scalar(
        "SELECT 1 FROM reports_sent WHERE kind = ? AND period = ? AND scope = ?",
        (kind, period, scope),
    )
    return found is not None


async def claim_period(tx: Tx, kind: str, period: str, scope: str, now: datetime) -> bool:
    """Record that a report for (kind, period, scope) is being sent; False if it was before."""
    inserted = await tx.execute(
        "INSERT INTO reports_sent (kind, period, scope, sent_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING",
        (kind, period, scope, iso(now)),
    )
    return inserted == 1


async def installed_at(tx: Tx, now: datetime) -> datetime:
    """When this deployment began, recorded once: at the first call, or for a database
    from before this record, its earliest trace (an invite, a person, an order, a report)."""
    stored = await tx.scalar("SELECT sent_at FROM reports_sent WHERE kind = 'installed'")
    if stored:
        return parse(stored) or now
    earliest = await tx.scalar(
        "SELECT MIN(t) FROM (SELECT MIN(created_at) AS t FROM invites "
        "UNION ALL SELECT MIN(created_at) FROM persons UNION ALL SELECT MIN(created_at) "
        "FROM orders UNION ALL SELECT MIN(sent_at) FROM reports_sent)"
    )
    began = min(parse(earliest) or now, now)
    await tx.execute(
        "INSERT INTO reports_sent (kind, period, scope, sent_at) VALUES ('installed', '', '', ?)",
        (iso(began),),
    )
    return began


@dataclass
class Window:
    """What happened in [start, end): completions, ratings given, hours served."""

    completed: int
    rated: int
    average_rating: float | None
    hours: float


async def window(tx: Tx, column: str, value: str, start: datetime, end: datetime) -> Window:
    """`column` (jurisdiction, agency_id, station_id or team_id): the orders it is about."""
    assert column in ("jurisdiction", "agency_id", "station_id", "team_id")
    span = (value, iso(start), iso(end))
    completed = await tx.scalar(
        f"SELECT COUNT(*) FROM order_events e JOIN orders o ON o.id = e.order_id "
        f"WHERE o.{column} = ? AND e.event = 'done' AND e.at >= ? AND e.at < ?",
        span,
    )
    rated = await tx.fetchone(
        f"SELECT COUNT(*) AS n, AVG(o.rating) AS avg FROM order_events e "
        f"JOIN orders o ON o.id = e.order_id WHERE o.{column} = ? AND e.event = 'rated' "
        f"AND e.at >= ? AND e.at < ?",
        span,
    )
    hours = await tx.scalar(
        f"SELECT COALESCE(SUM(l.hours), 0) FROM ledger l JOIN orders o ON o.id = l.order_id "
        f"WHERE o.{column} = ? AND l.person_id IS NULL AND l.at >= ? AND l.at < ?",
        span,
    )
    average = float(rated["avg"]) if rated and rated["avg"] is not None else None
    return Window(int(completed), int(rated["n"] if rated else 0), average, float(hours))
