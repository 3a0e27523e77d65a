"""Chat UI state (a channel's conversation steps and drafts): not orders, just where people are."""

from __future__ import annotations

from datetime import datetime

from storage.db import Tx
from storage.times import iso

# (kind, key) -> the JSON text to keep, or None to forget the row.
Writes = dict[tuple[str, str], str | None]


async def rows(tx: Tx, kind: str) -> list[tuple[str, str]]:
    found = await tx.fetchall("SELECT key, value FROM ui_state WHERE kind = ?", (kind,))
    return [(r["key"], r["value"]) for r in found]


async def write(tx: Tx, writes: Writes, now: datetime) -> None:
    for (kind, key), value in writes.items():
        if value is None:
            await tx.execute("DELETE FROM ui_state WHERE kind = ? AND key = ?", (kind, key))
        else:
            await tx.execute(
                "INSERT INTO ui_state (kind, key, value, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at",
                (kind, key, value, iso(now)),
            )
