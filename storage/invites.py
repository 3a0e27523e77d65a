"""Invite codes, stored only as hashes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.db import Tx
from storage.times import iso


@dataclass
class Invite:
    id: int
    role: str
    scope_id: str
    jurisdiction: str
    expires_at: str
    redeemed_by: int | None
    redeemed_at: str | None


def _invite(row: Any) -> Invite:
    return Invite(
        row["id"],
        row["role"],
        row["scope_id"],
        row["jurisdiction"],
        row["expires_at"],
        row["redeemed_by"],
        row["redeemed_at"],
    )


async def insert(
    tx: Tx,
    code_hash: str,
    role: str,
    scope_id: str,
    jurisdiction: str,
    issued_by: int | None,
    now: datetime,
    expires: datetime,
) -> int:
    return await tx.insert(
        "INSERT INTO invites (code_hash, role, scope_id, jurisdiction, issued_by, created_at,"
        " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (code_hash, role, scope_id, jurisdiction, issued_by, iso(now), iso(expires)),
    )


async def by_hash(tx: Tx, code_hash: str) -> Invite | None:
    row = await tx.fetchone("SELECT * FROM invites WHERE code_hash = ?", (code_hash,))
    return _invite(row) if row else None


async def mark_redeemed(tx: Tx, invite_id: int, person_id: int, now: datetime) -> bool:
    """Single use: only the first redemption changes the row."""
    changed = await tx.execute(
        "UPDATE invites SET redeemed_by = ?, redeemed_at = ? WHERE id = ? AND redeemed_by IS NULL",
        (person_id, iso(now), invite_id),
    )
    return changed == 1
