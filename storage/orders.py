"""Orders and their audit trail."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from storage.db import Tx
from storage.times import iso


@dataclass
class Order:
    id: int
    code: str
    jurisdiction: str
    station_id: str
    resident_id: int
    request_text: str
    state: str
    state_since: str
    created_at: str
    audience: str = ""
    place_detail: str = ""
    expected_attendance: int | None = None
    preferred_label: str = ""
    preferred_from: str | None = None
    preferred_to: str | None = None
    contact_phone: str | None = None
    phone_visibility: str = "station_and_team"
    routed_task: str | None = None
    routed_candidates: list[dict[str, Any]] = field(default_factory=list)
    routed_score: float | None = None
    routed_confident: bool = False
    priority: str = "normal"
    agency_id: str | None = None
    claimed_by: int | None = None
    offered_to: list[str] = field(default_factory=list)
    team_id: str | None = None
    proposed_at: str | None = None
    scheduled_at: str | None = None
    report: dict[str, Any] | None = None
    rating: int | None = None
    rating_comment: str | None = None
    last_reason: str = ""
    state_times: dict[str, str] = field(default_factory=dict)
    version: int = 1
    erased_at: str | None = None
    next_nudge_at: str | None = None
    counted_task: str | None = None  # the plan task it counts toward (see migration 0009)
    routed_reason: str | None = None  # why the router was not confident (see migration 0010)


_JSON_FIELDS = {"routed_candidates", "offered_to", "report", "state_times"}
_COLUMNS = [f.name for f in fields(Order)]


def _encode(name: str, value: Any) -> Any:
    if name in _JSON_FIELDS:
        return None if value is None else json.dumps(value, ensure_ascii=False)
    if name == "routed_confident":
        return int(bool(value))
    return value


def _decode(row: Any) -> Order:
    data = {name: row[name] for name in _COLUMNS}
    for name in _JSON_FIELDS:
        if data[name] is not None:
            data[name] = json.loads(data[name])
    data["routed_confident"] = bool(data["routed_confident"])
    return Order(**data)


async def next_code(tx: Tx, jurisdiction: str, prefix: str, year: int) -> str:
    """Human-readable code, e.g. DLT-2026-000123, numbered per jurisdiction and year."""
    await tx.execute(
        "INSERT INTO order_counters (jurisdiction, year, last) VALUES (?, ?, 1) "
        "ON CONFLICT (jurisdiction, year) DO UPDATE SET last = last + 1",
        (jurisdiction, year),
    )
    number = await tx.scalar(
        "SELECT last FROM order_counters WHERE jurisdiction = ? AND year = ?", (jurisdiction, year)
    )
    return f"{prefix}-{year}-{number:06d}"


async def insert(tx: Tx, values: dict[str, Any]) -> int:
    names = [n for n in values if n != "id"]
    sql = f"INSERT INTO orders ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
    return await tx.insert(sql, [_encode(n, values[n]) for n in names])


async def get(tx: Tx, order_id: int) -> Order | None:
    row = await tx.fetchone("SELECT * FROM orders WHERE id = ?", (order_id,))
    return _decode(row) if row else None


async def get_by_code(tx: Tx, code: str) -> Order | None:
    row = await tx.fetchone("SELECT * FROM orders WHERE code = ?", (code,))
    return _decode(row) if row else None


async def update_if_version(tx: Tx, order: Order, changes: dict[str, Any]) -> bool:
    """Compare-and-set: apply `changes` only if nobody changed the order since it was read."""
    names = list(changes)
    sql = (
        f"UPDATE orders SET {', '.join(f'{n} = ?' for n in names)}, version = version + 1 "
        "WHERE id = ? AND version = ?"
    )
    params = [_encode(n, changes[n]) for n in names] + [order.id, order.version]
    return await tx.execute(sql, params) == 1


async def find(
    tx: Tx, where: str, params: tuple[Any, ...] = (), limit: int = 50, order_by: str = "id DESC"
) -> list[Order]:
    rows = await tx.fetchall(
        f"SELECT * FROM orders WHERE {where} ORDER BY {order_by} LIMIT ?", (*params, limit)
    )
    return [_decode(r) for r in rows]


async def add_event(
    tx: Tx,
    order_id: int,
    actor_id: int | None,
    actor_role: str,
    event: str,
    from_state: str | None,
    to_state: str | None,
    at: datetime,
    reason: str = "",
    data: dict[str, Any] | None = None,
    command_key: str | None = None,
) -> bool:
    """Append an event; False when `command_key` already caused one (nothing is written)."""
    inserted = await tx.execute(
        "INSERT INTO order_events (order_id, actor_id, actor_role, event, from_state, to_state,"
        " reason, data, at, command_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (command_key) DO NOTHING",
        (
            order_id,
            actor_id,
            actor_role,
            event,
            from_state,
            to_state,
            reason,
            json.dumps(data or {}, ensure_ascii=False),
            iso(at),
            command_key,
        ),
    )
    return inserted == 1


async def event_for_key(tx: Tx, command_key: str) -> Any:
    return await tx.fetchone(
        "SELECT order_id, event FROM order_events WHERE command_key = ?", (command_key,)
    )


async def last_event(tx: Tx, order_id: int) -> Any:
    return await tx.fetchone(
        "SELECT * FROM order_events WHERE order_id = ? ORDER BY id DESC LIMIT 1", (order_id,)
    )


async def declined_agencies(tx: Tx, order_id: int) -> list[str]:
    """The agencies that returned the order to the station, in the order they did."""
    holder, found = None, []
    for event in await events(tx, order_id):
        if event["event"] in ("dispatched", "reassigned_agency"):
            holder = json.loads(event["data"] or "{}").get("agency_id")
        elif event["event"] == "declined" and holder:
            found.append(holder)
    return found


async def made_by(tx: Tx, order_id: int, actor_id: int, event: str) -> bool:
    """Whether this person once caused this event on the order."""
    found = await tx.scalar(
        "SELECT 1 FROM order_events WHERE order_id = ? AND actor_id = ? AND event = ? LIMIT 1",
        (order_id, actor_id, event),
    )
    return found is not None


async def events(tx: Tx, order_id: int) -> list[Any]:
    return await tx.fetchall(
        "SELECT * FROM order_events WHERE order_id = ? ORDER BY id", (order_id,)
    )
