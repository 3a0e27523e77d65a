"""Updates received from Telegram: stored before they are confirmed, processed in arrival order.

Telegram's update ids are not a clock: after a week without updates (or with a
new token, or a local Bot API server) the sequence may start again lower. So
rows are ordered by arrival, an update is the same update only when its id and
its content match (a redelivery is byte for byte the same), and the offset that
confirms a batch is stored apart, taken from what getUpdates returned.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.db import Tx
from storage.migrations import payload_digest
from storage.runtime import get_value, set_value
from storage.times import iso

OFFSET_KEY = "receiver.offset"
SCRUBBED = {"scrubbed": True}


@dataclass(frozen=True)
class Stored:
    """An update waiting in the inbox."""

    row_id: int
    update_id: int
    payload: dict[str, Any]
    attempts: int


async def store(tx: Tx, updates: list[tuple[int, dict[str, Any]]], now: datetime) -> int:
    """Keep a batch; an update seen before (a redelivery) is ignored. Returns new rows."""
    return await tx.executemany(
        "INSERT OR IGNORE INTO inbox (update_id, digest, payload, received_at) VALUES (?, ?, ?, ?)",
        [
            (uid, payload_digest(payload), json.dumps(payload, ensure_ascii=False), iso(now))
            for uid, payload in updates
        ],
    )


async def store_unreadable(tx: Tx, update_id: int, error: str, now: datetime) -> None:
    """An update that could not be kept as it came: recorded as failed, so it is skipped
    and a person can see that something arrived and why it was not handled."""
    await tx.execute(
        "INSERT OR IGNORE INTO inbox (update_id, digest, payload, received_at, failed_at, "
        "last_error, attempts) VALUES (?, ?, '{}', ?, ?, ?, 1)",
        (update_id, f"unreadable:{update_id}", iso(now), iso(now), error[:500]),
    )


async def next_offset(tx: Tx) -> int | None:
    value = await get_value(tx, OFFSET_KEY)
    return int(value) if value is not None else None


async def set_offset(tx: Tx, offset: int, now: datetime) -> None:
    await set_value(tx, OFFSET_KEY, str(offset), now)


async def pending(tx: Tx, limit: int = 100) -> list[Stored]:
    rows = await tx.fetchall(
        "SELECT id, update_id, payload, attempts FROM inbox "
        "WHERE processed_at IS NULL AND failed_at IS NULL ORDER BY id LIMIT ?",
        (limit,),
    )
    return [Stored(r["id"], r["update_id"], json.loads(r["payload"]), r["attempts"]) for r in rows]


async def mark_processed(tx: Tx, row_id: int, now: datetime) -> None:
    await tx.execute("UPDATE inbox SET processed_at = ? WHERE id = ?", (iso(now), row_id))


async def mark_attempt(tx: Tx, row_id: int, error: str) -> None:
    """Handling failed for a reason that may pass (the disk): it is tried again later."""
    await tx.execute(
        "UPDATE inbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
        (error[:500], row_id),
    )


async def mark_failed(tx: Tx, row_id: int, error: str, now: datetime) -> None:
    """A poison update: recorded with its error and skipped for good."""
    await tx.execute(
        "UPDATE inbox SET attempts = attempts + 1, last_error = ?, failed_at = ? WHERE id = ?",
        (error[:500], iso(now), row_id),
    )


async def prune(tx: Tx, before: datetime) -> int:
    """Forget updates processed before `before`; failed ones keep their error, not what
    the person typed (the offset lives apart, so nothing else needs the rows)."""
    await tx.execute(
        "UPDATE inbox SET payload = ? WHERE failed_at IS NOT NULL AND failed_at < ? "
        "AND payload != ?",
        (json.dumps(SCRUBBED), iso(before), json.dumps(SCRUBBED)),
    )
    return await tx.execute(
        "DELETE FROM inbox WHERE processed_at IS NOT NULL AND processed_at < ?", (iso(before),)
    )


@dataclass(frozen=True)
class InboxHealth:
    newest_handled: str | None
    waiting: int
    failed: int


async def health(tx: Tx) -> InboxHealth:
    row = await tx.fetchone(
        "SELECT MAX(processed_at) AS newest, "
        "SUM(processed_at IS NULL AND failed_at IS NULL) AS waiting, "
        "SUM(failed_at IS NOT NULL) AS failed FROM inbox"
    )
    assert row is not None
    return InboxHealth(row["newest"], int(row["waiting"] or 0), int(row["failed"] or 0))
