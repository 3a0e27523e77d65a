"""Sign-in links to the web console and the sessions they open, stored only as hashes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.db import Tx
from storage.times import iso


@dataclass
class Login:
    id: int
    person_id: int
    expires_at: str
    used_at: str | None


@dataclass
class Session:
    person_id: int
    expires_at: str


async def add_login(
    tx: Tx, token_hash: str, person_id: int, channel: str, now: datetime, expires: datetime
) -> int:
    return await tx.insert(
        "INSERT INTO web_logins (token_hash, person_id, channel, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (token_hash, person_id, channel, iso(now), iso(expires)),
    )


def _login(row: Any) -> Login:
    return Login(row["id"], row["person_id"], row["expires_at"], row["used_at"])


async def login_by_hash(tx: Tx, token_hash: str) -> Login | None:
    row = await tx.fetchone(
        "SELECT id, person_id, expires_at, used_at FROM web_logins WHERE token_hash = ?",
        (token_hash,),
    )
    return _login(row) if row else None


async def use_login(tx: Tx, login_id: int, now: datetime) -> bool:
    """Single use: only the first use changes the row."""
    changed = await tx.execute(
        "UPDATE web_logins SET used_at = ? WHERE id = ? AND used_at IS NULL", (iso(now), login_id)
    )
    return changed == 1


async def add_session(
    tx: Tx, id_hash: str, person_id: int, login_id: int, now: datetime, expires: datetime
) -> None:
    await tx.execute(
        "INSERT INTO web_sessions (id_hash, person_id, login_id, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (id_hash, person_id, login_id, iso(now), iso(expires)),
    )


async def session_by_hash(tx: Tx, id_hash: str) -> Session | None:
    row = await tx.fetchone(
        "SELECT person_id, expires_at FROM web_sessions WHERE id_hash = ?", (id_hash,)
    )
    return Session(row["person_id"], row["expires_at"]) if row else None


async def end_session(tx: Tx, id_hash: str) -> bool:
    return await tx.execute("DELETE FROM web_sessions WHERE id_hash = ?", (id_hash,)) == 1


async def end_expired(tx: Tx, now: datetime) -> int:
    return await tx.execute("DELETE FROM web_sessions WHERE expires_at <= ?", (iso(now),))
