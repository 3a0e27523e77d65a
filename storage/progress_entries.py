"""Progress the coordinator enters by hand for targets orders cannot measure."""

from __future__ import annotations

from datetime import date, datetime

from storage.db import Tx
from storage.times import iso


async def add(
    tx: Tx,
    jurisdiction: str,
    task_id: str,
    target_index: int,
    amount: float,
    note: str,
    on_date: date,
    entered_by: int | None,
    now: datetime,
    command_key: str | None = None,
) -> int | None:
    """Record one entry (entries are only ever added; a correction is a new entry).
    None when `command_key` entered one already: a redelivered message adds nothing."""
    if command_key is not None and await tx.scalar(
        "SELECT 1 FROM progress_entries WHERE command_key = ?", (command_key,)
    ):
        return None
    return await tx.insert(
        "INSERT INTO progress_entries (jurisdiction, task_id, target_index, amount, note, "
        "on_date, entered_by, entered_at, command_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            jurisdiction,
            task_id,
            target_index,
            amount,
            note,
            on_date.isoformat(),
            entered_by,
            iso(now),
            command_key,
        ),
    )
