"""Bulk inserts for benchmarks: many orders with their events and ledger rows at once.

The services write one order at a time, each a transaction; a benchmark of a year's
report needs a year of orders in seconds, written in the same shape."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from storage.db import Tx
from storage.order_columns import REPORT_COLUMNS, STAGE_COLUMNS, projected

ORDER_COLUMNS = (
    "code",
    "jurisdiction",
    "station_id",
    "resident_id",
    "request_text",
    "audience",
    "place_detail",
    "expected_attendance",
    "contact_phone",
    "routed_task",
    "counted_task",
    "priority",
    "agency_id",
    "team_id",
    "scheduled_at",
    "report",
    "rating",
    "state",
    "state_since",
    "state_times",
    "created_at",
)


# Written beside the JSON fields, as orders.insert writes them (storage/order_columns.py).
_PROJECTED = (*STAGE_COLUMNS.values(), *REPORT_COLUMNS.values())
_JSON_AT = {name: ORDER_COLUMNS.index(name) for name in ("state_times", "report")}


def _with_projection(row: Sequence[Any]) -> tuple[Any, ...]:
    found = {name: row[i] for name, i in _JSON_AT.items()}
    decoded = {name: json.loads(text) if text else None for name, text in found.items()}
    extra = projected(decoded)
    return (*row, *(extra[c] for c in _PROJECTED))


async def insert_orders(tx: Tx, rows: Sequence[Sequence[Any]]) -> list[int]:
    """Rows in ORDER_COLUMNS order (JSON fields as text); returns the new ids in order."""
    first = int(await tx.scalar("SELECT COALESCE(MAX(id), 0) FROM orders")) + 1
    ids = list(range(first, first + len(rows)))
    names = ("id", *ORDER_COLUMNS, *_PROJECTED)
    await tx.executemany(
        f"INSERT INTO orders ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
        ((oid, *_with_projection(row)) for oid, row in zip(ids, rows, strict=True)),
    )
    return ids


async def insert_events(tx: Tx, rows: Sequence[Sequence[Any]]) -> None:
    """(order_id, actor_role, event, from_state, to_state, at) each."""
    await tx.executemany(
        "INSERT INTO order_events (order_id, actor_role, event, from_state, to_state, at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )


async def insert_ledger(tx: Tx, rows: Sequence[Sequence[Any]]) -> None:
    """(order_id, team_id, person_id, hours, points, at) each."""
    await tx.executemany(
        "INSERT INTO ledger (order_id, team_id, person_id, hours, points, at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )


async def insert_persons(tx: Tx, rows: Sequence[tuple[int, str, str]]) -> None:
    """(id, display_name, created_at) each."""
    await tx.executemany(
        "INSERT OR IGNORE INTO persons (id, display_name, created_at) VALUES (?, ?, ?)", rows
    )
