"""People and places: persons and their roles, stations, agencies, volunteer teams."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from storage.db import Tx
from storage.times import iso


@dataclass
class Person:
    id: int
    display_name: str = ""
    phone: str | None = None
    lang: str | None = None


@dataclass
class Station:
    id: str
    jurisdiction: str
    name: str
    kind: str
    level: str
    parent_id: str | None = None


@dataclass
class Team:
    id: str
    jurisdiction: str
    name: str
    actions: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    stations: list[str] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)  # channel -> the linked group

    @property
    def group_chat_id(self) -> int | None:
        """The linked Telegram group's chat id (the one channel with groups so far)."""
        found = self.groups.get("telegram")
        return int(found) if found else None


# --- persons and roles -------------------------------------------------------


async def upsert_person(
    tx: Tx, person_id: int, display_name: str, lang: str | None, now: datetime
) -> None:
    await tx.execute(
        "INSERT INTO persons (id, display_name, lang, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, "
        "lang = COALESCE(persons.lang, excluded.lang)",
        (person_id, display_name, lang, iso(now)),
    )


async def set_lang(tx: Tx, person_id: int, display_name: str, lang: str, now: datetime) -> None:
    """The language a person chose (/lang): their notifications follow it."""
    await upsert_person(tx, person_id, display_name, lang, now)
    await tx.execute("UPDATE persons SET lang = ? WHERE id = ?", (lang, person_id))


async def get_person(tx: Tx, person_id: int) -> Person | None:
    row = await tx.fetchone(
        "SELECT id, display_name, phone, lang FROM persons WHERE id = ?", (person_id,)
    )
    return Person(row["id"], row["display_name"], row["phone"], row["lang"]) if row else None


async def names_of(tx: Tx, person_ids: list[int]) -> dict[int, str]:
    """The display names of these persons, by id, in one query (those who exist)."""
    if not person_ids:
        return {}
    marks = ", ".join("?" * len(person_ids))
    rows = await tx.fetchall(
        f"SELECT id, display_name FROM persons WHERE id IN ({marks})", tuple(person_ids)
    )
    return {row["id"]: row["display_name"] for row in rows}


async def grant(
    tx: Tx, person_id: int, role: str, scope: str, now: datetime, invite_id: int | None
) -> None:
    added = await tx.execute(
        "INSERT OR IGNORE INTO roles (person_id, role, scope_id, granted_at, invite_id) "
        "VALUES (?, ?, ?, ?, ?)",
        (person_id, role, scope, iso(now), invite_id),
    )
    if added:
        await _role_change(tx, person_id, role, scope, "granted", None, now)


async def revoke(
    tx: Tx, person_id: int, role: str, scope: str, by_person: int | None, now: datetime
) -> bool:
    """Take a role away; the change is kept in role_changes. False if it was not held."""
    removed = await tx.execute(
        "DELETE FROM roles WHERE person_id = ? AND role = ? AND scope_id = ?",
        (person_id, role, scope),
    )
    if removed:
        await _role_change(tx, person_id, role, scope, "revoked", by_person, now)
    return removed > 0


async def _role_change(
    tx: Tx, person: int, role: str, scope: str, change: str, by: int | None, now: datetime
) -> None:
    await tx.execute(
        "INSERT INTO role_changes (person_id, role, scope_id, change, by_person, at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (person, role, scope, change, by, iso(now)),
    )


@dataclass
class Holder:
    person_id: int
    name: str
    role: str
    scope: str
    scope_name: str = ""  # filled in by the service, which knows the catalog


async def role_holders(tx: Tx, scopes: Sequence[str]) -> list[Holder]:
    """Everyone holding a role over one of `scopes` (stations, agencies, teams, jurisdictions)."""
    if not scopes:
        return []
    marks = ", ".join("?" for _ in scopes)
    rows = await tx.fetchall(
        "SELECT r.person_id, p.display_name, r.role, r.scope_id FROM roles r "
        f"JOIN persons p ON p.id = r.person_id WHERE r.scope_id IN ({marks}) "
        "ORDER BY r.scope_id, r.role, p.display_name, r.person_id",
        tuple(scopes),
    )
    return [Holder(r[0], r[1], r[2], r[3]) for r in rows]


async def grants_of(tx: Tx, person_id: int) -> list[tuple[str, str]]:
    rows = await tx.fetchall(
        "SELECT role, scope_id FROM roles WHERE person_id = ? ORDER BY role, scope_id",
        (person_id,),
    )
    return [(r["role"], r["scope_id"]) for r in rows]


async def holders_many(
    tx: Tx, wanted: set[tuple[str, str]], team_ids: Sequence[str] = ()
) -> tuple[dict[tuple[str, str], list[int]], dict[str, list[tuple[str, str]]]]:
    """Holders of several (role, scope) pairs, and the linked groups of `team_ids` as
    (channel, address): one query, because every notification needs both."""
    found: dict[tuple[str, str], list[int]] = {pair: [] for pair in wanted}
    groups: dict[str, list[tuple[str, str]]] = {}
    pairs = sorted(wanted)
    parts, params = [], []
    if pairs:
        values = ", ".join("(?, ?)" for _ in pairs)
        parts.append(
            "SELECT role, scope_id, person_id FROM roles "
            f"WHERE (role, scope_id) IN (VALUES {values})"
        )
        params += [v for pair in pairs for v in pair]
    if team_ids:
        marks = ", ".join("?" for _ in team_ids)
        parts.append(
            f"SELECT channel, team_id, address FROM team_groups WHERE team_id IN ({marks})"
        )
        params += list(team_ids)
    if not parts:
        return found, groups
    rows = await tx.fetchall(" UNION ALL ".join(parts) + " ORDER BY 3", params)
    for role, scope, who in rows:
        if (role, scope) in found:
            found[(role, scope)].append(who)
        else:
            groups.setdefault(scope, []).append((role, who))
    return found, groups


async def accounts_of(tx: Tx, person_ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
    """Each person's accounts: (channel, external id)."""
    if not person_ids:
        return {}
    ids = sorted(set(person_ids))
    marks = ", ".join("?" for _ in ids)
    rows = await tx.fetchall(
        f"SELECT person_id, channel, external_id FROM accounts WHERE person_id IN ({marks}) "
        "ORDER BY person_id, channel",
        ids,
    )
    found: dict[int, list[tuple[str, str]]] = {}
    for r in rows:
        found.setdefault(r["person_id"], []).append((r["channel"], r["external_id"]))
    return found


async def person_of(tx: Tx, channel: str, external_id: str) -> int | None:
    found = await tx.scalar(
        "SELECT person_id FROM accounts WHERE channel = ? AND external_id = ?",
        (channel, external_id),
    )
    return None if found is None else int(found)


async def add_account(
    tx: Tx, channel: str, external_id: str, display_name: str, lang: str | None, now: datetime
) -> int:
    """A new person for an account not seen before. A Telegram user keeps their Telegram id
    as their person id when it is free (as every person made before accounts existed did)."""
    preferred = int(external_id) if external_id.lstrip("-").isdigit() else None
    taken = preferred is None or await tx.scalar("SELECT 1 FROM persons WHERE id = ?", (preferred,))
    person_id = await tx.insert(
        "INSERT INTO persons (id, display_name, lang, created_at) VALUES (?, ?, ?, ?)",
        (None if taken else preferred, display_name, lang, iso(now)),
    )
    await tx.execute(
        "INSERT INTO accounts (channel, external_id, person_id) VALUES (?, ?, ?)",
        (channel, external_id, person_id),
    )
    return person_id


async def station_chain(tx: Tx, station_id: str) -> set[str]:
    """The station and every station above it."""
    rows = await tx.fetchall(
        "WITH RECURSIVE chain(id, parent_id) AS ("
        " SELECT id, parent_id FROM stations WHERE id = ?"
        " UNION SELECT s.id, s.parent_id FROM stations s JOIN chain c ON s.id = c.parent_id)"
        " SELECT id FROM chain",
        (station_id,),
    )
    return {r["id"] for r in rows}


async def holders(tx: Tx, roles: tuple[str, ...], scope: str) -> list[int]:
    marks = ", ".join("?" for _ in roles)
    rows = await tx.fetchall(
        f"SELECT DISTINCT person_id FROM roles WHERE role IN ({marks}) AND scope_id = ? "
        "ORDER BY person_id",
        (*roles, scope),
    )
    return [r["person_id"] for r in rows]


# --- places ------------------------------------------------------------------


async def upsert_station(tx: Tx, s: Station) -> None:
    await tx.execute(
        "INSERT INTO stations (id, jurisdiction, name, kind, level, parent_id) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
        "kind = excluded.kind, level = excluded.level, parent_id = excluded.parent_id",
        (s.id, s.jurisdiction, s.name, s.kind, s.level, s.parent_id),
    )


def _station(row: Any) -> Station:
    return Station(
        row["id"], row["jurisdiction"], row["name"], row["kind"], row["level"], row["parent_id"]
    )


async def get_station(tx: Tx, station_id: str) -> Station | None:
    row = await tx.fetchone("SELECT * FROM stations WHERE id = ?", (station_id,))
    return _station(row) if row else None


async def stations_in(tx: Tx, jurisdiction: str) -> list[Station]:
    rows = await tx.fetchall(
        "SELECT * FROM stations WHERE jurisdiction = ? ORDER BY level, id", (jurisdiction,)
    )
    return [_station(r) for r in rows]


async def sync_agencies(tx: Tx, rows: list[tuple[str, str, str]]) -> None:
    """(id, jurisdiction, name) for every agency of the loaded catalog."""
    await tx.executemany(
        "INSERT INTO agencies (id, jurisdiction, name) VALUES (?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name",
        rows,
    )


async def upsert_team(tx: Tx, t: Team) -> None:
    await tx.execute(
        "INSERT INTO teams (id, jurisdiction, name, actions, tasks) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
        "actions = excluded.actions, tasks = excluded.tasks",
        (t.id, t.jurisdiction, t.name, json.dumps(t.actions), json.dumps(t.tasks)),
    )
    for channel, address in t.groups.items():
        await link_group(tx, t.id, address, channel)
    await tx.execute("DELETE FROM team_stations WHERE team_id = ?", (t.id,))
    await tx.executemany(
        "INSERT INTO team_stations (team_id, station_id) VALUES (?, ?)",
        [(t.id, s) for s in t.stations],
    )


_TEAM_SELECT = (
    "SELECT t.*, (SELECT json_group_array(station_id) FROM "
    "(SELECT station_id FROM team_stations s WHERE s.team_id = t.id ORDER BY station_id)"
    ") AS stations, (SELECT json_group_object(channel, address) FROM team_groups g "
    "WHERE g.team_id = t.id) AS groups FROM teams t"
)


def _team(row: Any) -> Team:
    return Team(
        row["id"],
        row["jurisdiction"],
        row["name"],
        json.loads(row["actions"]),
        json.loads(row["tasks"]),
        json.loads(row["stations"]),
        json.loads(row["groups"]),
    )


async def get_team(tx: Tx, team_id: str) -> Team | None:
    row = await tx.fetchone(f"{_TEAM_SELECT} WHERE t.id = ?", (team_id,))
    return _team(row) if row else None


async def teams_in(tx: Tx, jurisdiction: str) -> list[Team]:
    rows = await tx.fetchall(
        f"{_TEAM_SELECT} WHERE t.jurisdiction = ? ORDER BY t.id", (jurisdiction,)
    )
    return [_team(r) for r in rows]


async def team_for_group(tx: Tx, address: int | str, channel: str = "telegram") -> Team | None:
    row = await tx.fetchone(
        f"{_TEAM_SELECT} WHERE t.id = (SELECT team_id FROM team_groups "
        "WHERE channel = ? AND address = ?)",
        (channel, str(address)),
    )
    return _team(row) if row else None


async def link_group(tx: Tx, team_id: str, address: int | str, channel: str = "telegram") -> None:
    """One group per team and one team per group on a channel: a new link replaces older ones."""
    await tx.execute(
        "DELETE FROM team_groups WHERE channel = ? AND (address = ? OR team_id = ?)",
        (channel, str(address), team_id),
    )
    await tx.execute(
        "INSERT INTO team_groups (team_id, channel, address) VALUES (?, ?, ?)",
        (team_id, channel, str(address)),
    )


async def sibling_stations(tx: Tx, station_id: str) -> set[str]:
    """The stations under the same parent (the other villages of a town)."""
    rows = await tx.fetchall(
        "SELECT s.id FROM stations s JOIN stations me ON me.id = ? "
        "WHERE s.parent_id IS NOT NULL AND s.parent_id = me.parent_id",
        (station_id,),
    )
    return {r["id"] for r in rows}


async def move_group(tx: Tx, channel: str, old: str, new: str) -> bool:
    """A group got a new address (a Telegram group became a supergroup): its link follows."""
    moved = await tx.execute(
        "UPDATE team_groups SET address = ? WHERE channel = ? AND address = ?",
        (new, channel, old),
    )
    return moved > 0
