"""Updates received from Telegram, stored before they are confirmed, processed in order."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from storage.db import Tx
from storage.times import iso


async def store(tx: Tx, updates: list[tuple[int, dict[str, Any]]], now: datetime) -> int:
    """Keep a batch; an update id seen before (a redelivery) is ignored. Returns new rows."""
    return await tx.executemany(
        "INSERT OR IGNORE INTO inbox (update_id, payload, received_at) VALUES (?, ?, ?)",
        [(uid, json.dumps(payload, ensure_ascii=False), iso(now)) for uid, payload in updates],
    )


async def next_offset(tx: Tx) -> int | None:
    last = await tx.scalar("SELECT MAX(update_id) FROM inbox")
    return None if last is None else int(last) + 1


async def pending(tx: Tx, limit: int = 100) -> list[tuple[int, dict[str, Any]]]:
    rows = await tx.fetchall(
        "SELECT update_id, payload FROM inbox WHERE processed_at IS NULL ORDER BY update_id "
        "LIMIT ?",
        (limit,),
    )
    return [(r["update_id"], json.loads(r["payload"])) for r in rows]


async def mark_processed(tx: Tx, update_id: int, now: datetime) -> None:
    await tx.execute("UPDATE inbox SET processed_at = ? WHERE update_id = ?", (iso(now), update_id))


async def prune(tx: Tx, before: datetime) -> int:
    """Forget updates processed before `before`, keeping the newest, whose id sets the offset."""
    return await tx.execute(
        "DELETE FROM inbox WHERE processed_at IS NOT NULL AND processed_at < ? "
        "AND update_id < (SELECT MAX(update_id) FROM inbox)",
        (iso(before),),
    )
