"""The transactional outbox: notifications written with the state change, sent later."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.db import Tx
from storage.times import iso, parse


@dataclass(frozen=True)
class Address:
    """Where a message goes: a channel, an address on it, and whether that is a group
    (several people read it) or one person's private chat."""

    channel: str
    address: str
    kind: str = "private"  # or "group"

    @property
    def is_group(self) -> bool:
        return self.kind == "group"


@dataclass
class OutboxMessage:
    id: int
    to: Address
    template: str
    params: dict[str, Any]
    actions: list[dict[str, Any]]
    order_id: int | None
    attempts: int


Row = tuple[Address, str, dict[str, Any], list[Any], int | None]


async def enqueue(
    tx: Tx, rows: list[Row], now: datetime, not_before: datetime | None = None
) -> None:
    """rows: (address, template, params, actions, order_id)."""
    at, hold = iso(now), iso(not_before or now)
    await tx.executemany(
        "INSERT INTO outbox (channel, address, kind, template, params, actions, order_id, "
        "created_at, not_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                to.channel,
                to.address,
                to.kind,
                template,
                json.dumps(params, ensure_ascii=False),
                json.dumps(actions),
                order,
                at,
                hold,
            )
            for to, template, params, actions, order in rows
        ],
    )


def _address(row: Any) -> Address:
    return Address(row["channel"], row["address"], row["kind"])


async def pending(tx: Tx, now: datetime, limit: int) -> list[OutboxMessage]:
    rows = await tx.fetchall(
        "SELECT * FROM outbox WHERE sent_at IS NULL AND dead = 0 AND not_before <= ? "
        "ORDER BY id LIMIT ?",
        (iso(now), limit),
    )
    return [
        OutboxMessage(
            r["id"],
            _address(r),
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


async def next_due(tx: Tx, after: datetime) -> datetime | None:
    """When the earliest pending row held until later than `after` may be sent."""
    at = await tx.scalar(
        "SELECT MIN(not_before) FROM outbox WHERE sent_at IS NULL AND dead = 0 AND not_before > ?",
        (iso(after),),
    )
    return parse(at) if at else None


async def backlog(tx: Tx) -> tuple[int, str | None]:
    """Messages waiting to be sent, and when the oldest of them was queued."""
    row = await tx.fetchone(
        "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE sent_at IS NULL AND dead = 0"
    )
    assert row is not None
    return int(row[0]), row[1]


async def count_pending(tx: Tx) -> int:
    return int(await tx.scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND dead = 0"))


OFFER = "team.offer"
TAKEN = "team.offer_taken"


async def offer_copies(tx: Tx, order_id: int) -> list[Any]:
    """Every offer card of an order: (id, address, message_id once sent, sent_at, dead)."""
    return await tx.fetchall(
        "SELECT id, channel, address, kind, message_id, sent_at, dead FROM outbox "
        "WHERE order_id = ? AND template = ?",
        (order_id, OFFER),
    )


async def retire_offers(
    tx: Tx, order_id: int, copies: list[Any], params: dict[str, Any], now: datetime
) -> int:
    """An order was taken: unsent offers are dropped and every sent copy gets an edit.

    Returns how many edits were queued. Runs in the accepting transaction, so
    the edits are as durable as the acceptance itself.
    """
    unsent = [(c["id"],) for c in copies if c["sent_at"] is None and not c["dead"]]
    await tx.executemany("UPDATE outbox SET dead = 1, last_error = 'taken' WHERE id = ?", unsent)
    rows = [
        (_address(c), TAKEN, {**params, "edit": c["message_id"]}, [], order_id)
        for c in copies
        if c["message_id"] is not None
    ]
    await enqueue(tx, rows, now)
    return len(rows)


async def follow_up_offer(tx: Tx, outbox_id: int, now: datetime) -> bool:
    """An offer that was in flight while the order was taken: queue its edit too."""
    row = await tx.fetchone(
        "SELECT b.channel, b.address, b.kind, b.message_id, b.order_id, o.code, o.state, "
        "t.name AS team "
        "FROM outbox b JOIN orders o ON o.id = b.order_id LEFT JOIN teams t ON t.id = o.team_id "
        "WHERE b.id = ? AND b.template = ? AND b.dead = 1 AND b.last_error = 'taken' "
        "AND b.message_id IS NOT NULL",
        (outbox_id, OFFER),
    )
    if row is None:
        return False
    params = {"code": row["code"], "team": row["team"] or "", "state": row["state"]}
    params["edit"] = row["message_id"]
    await enqueue(tx, [(_address(row), TAKEN, params, [], row["order_id"])], now)
    return True


async def prune(tx: Tx, before: datetime) -> int:
    """Forget messages sent (or given up) before `before`. Offer cards that may still be
    edited are younger than that: an order is taken or closed long before."""
    return await tx.execute(
        "DELETE FROM outbox WHERE (sent_at IS NOT NULL AND sent_at < ?) "
        "OR (dead = 1 AND created_at < ?)",
        (iso(before), iso(before)),
    )


async def redirect(tx: Tx, channel: str, old: str, new: str) -> int:
    """Pending messages of a group that moved (a new address on its channel) follow it."""
    return await tx.execute(
        "UPDATE outbox SET address = ? WHERE channel = ? AND address = ? "
        "AND sent_at IS NULL AND dead = 0",
        (new, channel, old),
    )


REFRESH = "card.refresh"


async def refresh_cards(tx: Tx, order_id: int, now: datetime) -> int:
    """The order changed: each card of it already sent with buttons is drawn again (its
    channel edits the message: the state as it is now, only the buttons that still work).
    Offer cards have their own edit (TAKEN). Returns how many refreshes were queued."""
    rows = await tx.fetchall(
        "SELECT id, channel, address, kind, template, params, actions, message_id FROM outbox "
        "WHERE order_id = ? AND message_id IS NOT NULL AND actions != '[]' "
        "AND template NOT IN (?, ?, ?)",
        (order_id, OFFER, TAKEN, REFRESH),
    )
    refreshes = [
        (
            _address(r),
            REFRESH,
            {
                "edit": r["message_id"],
                "template": r["template"],
                "params": json.loads(r["params"]),
                "actions": json.loads(r["actions"]),
            },
            [],
            order_id,
        )
        for r in rows
    ]
    await enqueue(tx, refreshes, now)
    return len(refreshes)
