"""The transactional outbox: notifications written with the state change, sent later."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.db import Tx
from storage.times import iso


@dataclass
class OutboxMessage:
    id: int
    chat_id: int
    template: str
    params: dict[str, Any]
    actions: list[dict[str, Any]]
    order_id: int | None
    attempts: int


async def enqueue(
    tx: Tx,
    rows: list[tuple[int, str, dict[str, Any], list[Any], int | None]],
    now: datetime,
    not_before: datetime | None = None,
) -> None:
    """rows: (chat_id, template, params, actions, order_id)."""
    at, hold = iso(now), iso(not_before or now)
    await tx.executemany(
        "INSERT INTO outbox (chat_id, template, params, actions, order_id, created_at, not_before)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                chat,
                template,
                json.dumps(params, ensure_ascii=False),
                json.dumps(actions),
                order,
                at,
                hold,
            )
            for chat, template, params, actions, order in rows
        ],
    )


async def pending(tx: Tx, now: datetime, limit: int) -> list[OutboxMessage]:
    rows = await tx.fetchall(
        "SELECT * FROM outbox WHERE sent_at IS NULL AND dead = 0 AND not_before <= ? "
        "ORDER BY id LIMIT ?",
        (iso(now), limit),
    )
    return [
        OutboxMessage(
            r["id"],
            r["chat_id"],
            r["template"],
            json.loads(r["params"]),
            json.loads(r["actions"]),
            r["order_id"],
            r["attempts"],
        )
        for r in rows
    ]


async def mark_sent(tx: Tx, message_id: int, now: datetime, telegram_id: int | None) -> None:
    await tx.execute(
        "UPDATE outbox SET sent_at = ?, message_id = ?, attempts = attempts + 1 WHERE id = ?",
        (iso(now), telegram_id, message_id),
    )


async def mark_retry(tx: Tx, message_id: int, error: str, retry_at: datetime) -> None:
    await tx.execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, not_before = ? WHERE id = ?",
        (error[:500], iso(retry_at), message_id),
    )


async def mark_dead(tx: Tx, message_id: int, error: str) -> None:
    await tx.execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, dead = 1 WHERE id = ?",
        (error[:500], message_id),
    )


async def count_pending(tx: Tx) -> int:
    return int(await tx.scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND dead = 0"))
