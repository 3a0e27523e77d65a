"""Counts for summaries (/stats now; digests later): read-only queries."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Tx


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
