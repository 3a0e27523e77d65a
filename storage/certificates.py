"""志愿服务记录证明: a number, once given, means one certificate for ever."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from storage.db import Tx


@dataclass(frozen=True)
class Certificate:
    number: str
    person_id: int
    jurisdiction: str
    period_start: str
    period_end: str
    issued_on: str
    content: dict[str, Any]


def _decode(row: Any) -> Certificate:
    return Certificate(
        row["number"],
        row["person_id"],
        row["jurisdiction"],
        row["period_start"],
        row["period_end"],
        row["issued_on"],
        json.loads(row["content"]),
    )


async def find(
    tx: Tx, person_id: int, jurisdiction: str, period_start: str, period_end: str
) -> Certificate | None:
    row = await tx.fetchone(
        "SELECT * FROM certificates WHERE person_id = ? AND jurisdiction = ? "
        "AND period_start = ? AND period_end = ?",
        (person_id, jurisdiction, period_start, period_end),
    )
    return _decode(row) if row else None


async def by_number(tx: Tx, number: str) -> Certificate | None:
    row = await tx.fetchone("SELECT * FROM certificates WHERE number = ?", (number,))
    return _decode(row) if row else None


async def next_number(tx: Tx, prefix: str) -> str:
    """`prefix` such as DLT-ZM-2026-: the next free number of that series (call inside the
    transaction that inserts it, so two issuers cannot take the same one)."""
    last = await tx.scalar(
        "SELECT MAX(number) FROM certificates WHERE number LIKE ? || '%'", (prefix,)
    )
    seq = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{seq:05d}"


async def insert(tx: Tx, cert: Certificate, issued_by: int | None) -> None:
    await tx.execute(
        "INSERT INTO certificates (number, person_id, jurisdiction, period_start, period_end, "
        "issued_on, issued_by, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            cert.number,
            cert.person_id,
            cert.jurisdiction,
            cert.period_start,
            cert.period_end,
            cert.issued_on,
            issued_by,
            json.dumps(cert.content, ensure_ascii=False, sort_keys=True),
        ),
    )
