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
    revoked_at: str | None = None
    created_at: str = ""
    issued_by: int | None = None


def _invite(row: Any) -> Invite:
    return Invite(
        row["id"],
        row["role"],
        row["scope_id"],
        row["jurisdiction"],
        row["expires_at"],
        row["redeemed_by"],
        row["redeemed_at"],
        row["revoked_at"],
        row["created_at"],
        row["issued_by"],
    )


@dataclass
class Listed:
    """An invite as its list shows it: with the names of who issued, used or withdrew it."""

    invite: Invite
    issuer: str | None
    redeemer: str | None
    revoker: str | None


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


async def by_id(tx: Tx, invite_id: int) -> Invite | None:
    row = await tx.fetchone("SELECT * FROM invites WHERE id = ?", (invite_id,))
    return _invite(row) if row else None


async def in_jurisdiction(tx: Tx, jurisdiction: str, limit: int) -> list[Listed]:
    """The newest invites of a jurisdiction first."""
    rows = await tx.fetchall(
        "SELECT i.*, a.display_name AS issuer, b.display_name AS redeemer, "
        "c.display_name AS revoker FROM invites i "
        "LEFT JOIN persons a ON a.id = i.issued_by "
        "LEFT JOIN persons b ON b.id = i.redeemed_by "
        "LEFT JOIN persons c ON c.id = i.revoked_by "
        "WHERE i.jurisdiction = ? ORDER BY i.id DESC LIMIT ?",
        (jurisdiction, limit),
    )
    return [Listed(_invite(r), r["issuer"], r["redeemer"], r["revoker"]) for r in rows]


async def withdraw(tx: Tx, invite_id: int, by_person: int | None, now: datetime) -> bool:
    """An invite nobody used yet can no longer be used; False if it was used or withdrawn."""
    changed = await tx.execute(
        "UPDATE invites SET revoked_at = ?, revoked_by = ? "
        "WHERE id = ? AND redeemed_by IS NULL AND revoked_at IS NULL",
        (iso(now), by_person, invite_id),
    )
    return changed == 1
