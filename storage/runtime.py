"""Small facts the running bot keeps about itself: the receiver's offset, the last tick."""

from __future__ import annotations

from datetime import datetime

from storage.db import Tx
from storage.times import iso


async def get_value(tx: Tx, key: str) -> str | None:
    value = await tx.scalar("SELECT value FROM runtime_state WHERE key = ?", (key,))
    return None if value is None else str(value)


async def set_value(tx: Tx, key: str, value: str, now: datetime) -> None:
    await tx.execute(
        "INSERT INTO runtime_state (key, value, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        (key, value, iso(now)),
    )


async def values(tx: Tx) -> dict[str, str]:
    rows = await tx.fetchall("SELECT key, value FROM runtime_state")
    return {r["key"]: r["value"] for r in rows}
