"""Volunteer hours and service points (科技志愿服务积分)."""

from __future__ import annotations

from datetime import datetime

from storage.db import Tx
from storage.times import iso


async def credit(
    tx: Tx,
    order_id: int,
    team_id: str,
    person_id: int | None,
    hours: float,
    points: float,
    now: datetime,
) -> None:
    await tx.execute(
        "INSERT INTO ledger (order_id, team_id, person_id, hours, points, at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (order_id, team_id, person_id, hours, points, iso(now)),
    )


async def team_totals(tx: Tx, team_id: str) -> tuple[float, float]:
    """Team-level credit (rows without a person): volunteer-hours and points."""
    row = await tx.fetchone(
        "SELECT COALESCE(SUM(hours), 0), COALESCE(SUM(points), 0) FROM ledger "
        "WHERE team_id = ? AND person_id IS NULL",
        (team_id,),
    )
    return (float(row[0]), float(row[1])) if row else (0.0, 0.0)


async def person_totals(tx: Tx, person_id: int) -> tuple[float, float]:
    row = await tx.fetchone(
        "SELECT COALESCE(SUM(hours), 0), COALESCE(SUM(points), 0) FROM ledger WHERE person_id = ?",
        (person_id,),
    )
    return (float(row[0]), float(row[1])) if row else (0.0, 0.0)
