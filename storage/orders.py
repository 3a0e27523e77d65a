"""Orders and their audit trail."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from storage.db import Tx
from storage.order_columns import projected
from storage.times import iso

_JSON_FIELDS = {"routed_candidates", "offered_to", "report", "state_times"}
# What a stored order is read into: attributes by column name. Services read it into
# their own model (bot.domain.order.Order) by passing `make`.
Make = Callable[..., Any]


def _encode(name: str, value: Any) -> Any:
    if name in _JSON_FIELDS:
        return None if value is None else json.dumps(value, ensure_ascii=False)
    if name == "routed_confident":
        return int(bool(value))
    return value


def decode(row: Any, make: Make) -> Any:
    data = dict(zip(row.keys(), row, strict=True))
    for name in _JSON_FIELDS:
        if data[name] is not None:
            data[name] = json.loads(data[name])
    data["routed_confident"] = bool(data["routed_confident"])
    return make(**data)


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
    values = {**values, **projected(values)}  # the JSON fields' columns, in the same row
    names = [n for n in values if n != "id"]
    sql = f"INSERT INTO orders ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
    return await tx.insert(sql, [_encode(n, values[n]) for n in names])


async def get(tx: Tx, order_id: int, make: Make = SimpleNamespace) -> Any:
    row = await tx.fetchone("SELECT * FROM orders WHERE id = ?", (order_id,))
    return decode(row, make) if row else None


async def get_by_code(tx: Tx, code: str, make: Make = SimpleNamespace) -> Any:
    row = await tx.fetchone("SELECT * FROM orders WHERE code = ?", (code,))
    return decode(row, make) if row else None


async def update_if_version(tx: Tx, order: Any, changes: dict[str, Any]) -> bool:
    """Compare-and-set: apply `changes` only if nobody changed the order since it was read."""
    changes = {**changes, **projected(changes)}  # a JSON field and its columns change together
    names = list(changes)
    sql = (
        f"UPDATE orders SET {', '.join(f'{n} = ?' for n in names)}, version = version + 1 "
        "WHERE id = ? AND version = ?"
    )
    params = [_encode(n, changes[n]) for n in names] + [order.id, order.version]
    return await tx.execute(sql, params) == 1


async def find(
    tx: Tx,
    where: str,
    params: tuple[Any, ...] = (),
    limit: int = 50,
    order_by: str = "id DESC",
    make: Make = SimpleNamespace,
) -> list[Any]:
    rows = await tx.fetchall(
        f"SELECT * FROM orders WHERE {where} ORDER BY {order_by} LIMIT ?", (*params, limit)
    )
    return [decode(r, make) for r in rows]


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


async def last_of(tx: Tx, order_id: int, kinds: tuple[str, ...]) -> str | None:
    """The latest of these events on the order, if any happened."""
    marks = ", ".join("?" * len(kinds))
    return await tx.scalar(
        f"SELECT event FROM order_events WHERE order_id = ? AND event IN ({marks}) "
        "ORDER BY id DESC LIMIT 1",
        (order_id, *kinds),
    )


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


def _marks(values: Any) -> str:
    return ", ".join("?" for _ in values)


async def of_resident(tx: Tx, person_id: int, make: Make = SimpleNamespace) -> list[Any]:
    return await find(tx, "resident_id = ?", (person_id,), make=make)


async def for_teams(tx: Tx, teams: set[str], make: Make = SimpleNamespace) -> list[Any]:
    """What a team works on: orders it took and has not finished, and offers open to it."""
    team_list = sorted(teams)
    offered = f"EXISTS (SELECT 1 FROM json_each(offered_to) WHERE value IN ({_marks(team_list)}))"
    return await find(
        tx,
        f"(team_id IN ({_marks(team_list)}) AND state IN ('accepted', 'scheduled', 'done'))"
        f" OR (state = 'claimed' AND team_id IS NULL AND {offered})",
        (*team_list, *team_list),
        order_by="id",
        make=make,
    )


# Whose queue holds which orders: the column that names the holder, and the states.
_QUEUES = {
    "station": ("station_id", ("new",)),
    "agency": ("agency_id", ("dispatched", "claimed")),
    "coordinator": (
        "jurisdiction",
        ("new", "dispatched", "claimed", "accepted", "scheduled", "done"),
    ),
}


async def queue_of(tx: Tx, kind: str, scopes: set[str], make: Make = SimpleNamespace) -> list[Any]:
    """The orders waiting for stations, agencies or coordinators of `scopes`."""
    column, states = _QUEUES[kind]
    values = sorted(scopes)
    return await find(
        tx,
        f"{column} IN ({_marks(values)}) AND state IN ({_marks(states)})",
        (*values, *states),
        order_by="id",
        make=make,
    )


async def due_for_nudges(
    tx: Tx, now: datetime, limit: int, make: Make = SimpleNamespace
) -> list[Any]:
    return await find(
        tx, "next_nudge_at <= ?", (iso(now),), limit=limit, order_by="next_nudge_at", make=make
    )


async def set_next_nudge(tx: Tx, order_id: int, when: str | None) -> None:
    await tx.execute("UPDATE orders SET next_nudge_at = ? WHERE id = ?", (when, order_id))


async def erase_ended(
    tx: Tx, ended_states: tuple[str, ...], ended_before: datetime, now: datetime, masked: str
) -> int:
    """Mask the phone and place of orders that ended before `ended_before`."""
    return await tx.execute(
        "UPDATE orders SET contact_phone = CASE WHEN contact_phone IS NULL THEN NULL "
        f"ELSE ? END, place_detail = ?, erased_at = ? WHERE state IN ({_marks(ended_states)}) "
        "AND state_since <= ? AND erased_at IS NULL",
        (masked, masked, iso(now), *ended_states, iso(ended_before)),
    )


_OPEN = ("new", "dispatched", "claimed", "accepted", "scheduled", "done")
_STAGE_COLUMNS = (
    "id, jurisdiction, state, state_since, priority, scheduled_at, next_nudge_at, "
    "station_id, agency_id, team_id"
)


async def open_stages(tx: Tx, jurisdiction: str | None = None) -> list[Any]:
    """The stage of every open order (rows with the columns deadlines need)."""
    where = f"state IN ({_marks(_OPEN)})" + (" AND jurisdiction = ?" if jurisdiction else "")
    params = (*_OPEN, jurisdiction) if jurisdiction else _OPEN
    return await tx.fetchall(f"SELECT {_STAGE_COLUMNS} FROM orders WHERE {where}", params)


async def nudge_keys_done(tx: Tx) -> set[str]:
    """The command keys of every nudge carried out (see bot.scheduling.nudges)."""
    rows = await tx.fetchall(
        "SELECT command_key FROM order_events WHERE command_key LIKE 'nudge:%'"
    )
    return {r["command_key"] for r in rows}


async def set_next_nudges(tx: Tx, updates: list[tuple[str | None, int]]) -> None:
    """(when, order id) pairs."""
    await tx.executemany("UPDATE orders SET next_nudge_at = ? WHERE id = ?", updates)


async def open_by_state(tx: Tx, column: str, value: str) -> dict[str, int]:
    """How many open orders of one station or agency wait in each state."""
    assert column in ("station_id", "agency_id")
    rows = await tx.fetchall(
        f"SELECT state, COUNT(*) FROM orders WHERE {column} = ? AND state IN ({_marks(_OPEN)}) "
        "GROUP BY state",
        (value, *_OPEN),
    )
    return {row[0]: int(row[1]) for row in rows}


async def waiting_count(tx: Tx, agency_id: str) -> int:
    """Orders an agency holds that are not yet done."""
    return int(
        await tx.scalar(
            "SELECT COUNT(*) FROM orders WHERE agency_id = ? AND state IN "
            "('dispatched', 'claimed', 'accepted', 'scheduled')",
            (agency_id,),
        )
    )
