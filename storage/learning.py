"""What stations chose against what the router suggested, for review and for /stats."""

from __future__ import annotations

import json
from dataclasses import dataclass

from storage.db import Tx


@dataclass(frozen=True)
class DispatchChoice:
    code: str
    jurisdiction: str
    request_text: str
    routed_task: str | None
    counted_task: str | None
    suggested_agency: str
    chosen_agency: str
    at: str


async def dispatch_choices(tx: Tx, jurisdiction: str | None = None) -> list[DispatchChoice]:
    """Every dispatch that recorded the router's suggestion, oldest first."""
    rows = await tx.fetchall(
        "SELECT o.code, o.jurisdiction, o.request_text, o.routed_task, o.counted_task, "
        "e.data, e.at FROM order_events e JOIN orders o ON o.id = e.order_id "
        "WHERE e.event = 'dispatched' AND json_extract(e.data, '$.suggested_agency') IS NOT NULL"
        + (" AND o.jurisdiction = ?" if jurisdiction else "")
        + " ORDER BY e.id",
        (jurisdiction,) if jurisdiction else (),
    )
    found = []
    for r in rows:
        data = json.loads(r["data"])
        found.append(
            DispatchChoice(
                r["code"],
                r["jurisdiction"],
                r["request_text"],
                r["routed_task"],
                r["counted_task"],
                data["suggested_agency"],
                data.get("agency_id", ""),
                r["at"],
            )
        )
    return found


async def agreement(tx: Tx, jurisdiction: str) -> tuple[int, int]:
    """(dispatches to the agency the router suggested, all dispatches with a suggestion)."""
    row = await tx.fetchone(
        "SELECT SUM(json_extract(e.data, '$.suggested_agency') = "
        "json_extract(e.data, '$.agency_id')), COUNT(*) FROM order_events e "
        "JOIN orders o ON o.id = e.order_id WHERE e.event = 'dispatched' AND o.jurisdiction = ? "
        "AND json_extract(e.data, '$.suggested_agency') IS NOT NULL",
        (jurisdiction,),
    )
    assert row is not None
    return int(row[0] or 0), int(row[1] or 0)
