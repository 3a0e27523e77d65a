"""Processed command keys: a redelivered update or a repeated press is answered once."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from storage.db import Tx
from storage.times import iso


async def outcome_of(tx: Tx, key: str) -> dict[str, Any] | None:
    row = await tx.fetchone("SELECT outcome FROM processed_commands WHERE key = ?", (key,))
    return json.loads(row["outcome"]) if row else None


async def remember(tx: Tx, key: str, outcome: dict[str, Any], now: datetime) -> None:
    await tx.execute(
        "INSERT INTO processed_commands (key, outcome, at) VALUES (?, ?, ?)",
        (key, json.dumps(outcome, ensure_ascii=False), iso(now)),
    )
