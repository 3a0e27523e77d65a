"""Finding orders for a list that people filter and search (the web console)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.db import Tx
from storage.orders import Make, decode
from storage.times import iso


@dataclass(frozen=True)
class Visible:
    """Whose orders a person may see: any order of these stations, agencies, teams (taken
    or offered) or jurisdictions."""

    stations: Sequence[str] = ()
    agencies: Sequence[str] = ()
    teams: Sequence[str] = ()
    jurisdictions: Sequence[str] = ()


@dataclass(frozen=True)
class Wanted:
    """The filters; empty ones do not filter."""

    states: Sequence[str] = ()
    station: str = ""
    agency: str = ""
    team: str = ""
    action: str = ""  # a plan action key: the orders whose task lies in it
    since: datetime | None = None
    text: str = ""  # in the order's code or the resident's words


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _offered(teams: Sequence[str]) -> str:
    return f"EXISTS (SELECT 1 FROM json_each(offered_to) WHERE value IN ({_marks(teams)}))"


def _where(visible: Visible, wanted: Wanted) -> tuple[str, list[Any]] | None:
    scopes, params = [], []
    for column, values in (
        ("station_id", visible.stations),
        ("agency_id", visible.agencies),
        ("team_id", visible.teams),
        ("jurisdiction", visible.jurisdictions),
    ):
        if values:
            scopes.append(f"{column} IN ({_marks(values)})")
            params += list(values)
    if visible.teams:
        scopes.append(_offered(visible.teams))
        params += list(visible.teams)
    if not scopes:
        return None  # sees nothing
    clauses = [f"({' OR '.join(scopes)})"]
    if wanted.states:
        clauses.append(f"state IN ({_marks(wanted.states)})")
        params += list(wanted.states)
    for column, value in (
        ("station_id", wanted.station),
        ("agency_id", wanted.agency),
        ("team_id", wanted.team),
    ):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if wanted.action:
        clauses.append("COALESCE(counted_task, routed_task) LIKE ?")
        params.append(f"{wanted.action}.%")
    if wanted.since is not None:
        clauses.append("created_at >= ?")
        params.append(iso(wanted.since))
    if wanted.text:
        clauses.append("(code LIKE ? ESCAPE '\\' OR request_text LIKE ? ESCAPE '\\')")
        params += [_like(wanted.text)] * 2
    return " AND ".join(clauses), params


async def search(
    tx: Tx, visible: Visible, wanted: Wanted, limit: int, offset: int, make: Make
) -> tuple[list[Any], int]:
    """The newest matching orders first, `limit` from `offset`; and how many match in all."""
    found = _where(visible, wanted)
    if found is None:
        return [], 0
    where, params = found
    total = await tx.scalar(f"SELECT COUNT(*) FROM orders WHERE {where}", params)
    rows = await tx.fetchall(
        f"SELECT * FROM orders WHERE {where} ORDER BY id DESC LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    return [decode(r, make) for r in rows], int(total)
