"""Volunteer hours and service points of a window, by person and by team (the ledger)."""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import ReadTx, Tx
from storage.reporting import COMPLETED_IN_WINDOW, IN_WINDOW_LEDGER, Window

# The ledger holds, per completed order, one team row (person NULL: hours × volunteers)
# and one row per volunteer named in the report (that volunteer's hours).


@dataclass(slots=True)
class PersonHours:
    person_id: int
    name: str
    teams: str  # the teams they served with, joined by 、
    services: int
    hours: float
    points: float


@dataclass(slots=True)
class TeamHours:
    team_id: str
    team: str
    services: int
    volunteers: int  # distinct volunteers named in its reports
    hours: float  # volunteer-hours: hours × volunteers of each service
    points: float


@dataclass
class Hours:
    people: list[PersonHours]  # most hours first
    teams: list[TeamHours]
    volunteers: int  # distinct volunteers named


async def hours(tx: Tx | ReadTx, w: Window) -> Hours:
    """One pass over the window's ledger rows, grouped by (person, team); the rest is summed
    here. A completion credits its team once and each named volunteer once, under the
    order's one team: so rows count services, and per-team counts add up per person.

    Names are joined to the groups (a few dozen), not to each of the ledger's rows."""
    rows = await tx.fetchall(
        "SELECT g.person_id, COALESCE(p.display_name, ''), g.team_id, COALESCE(t.name, g.team_id), "
        "g.services, g.hours, g.points FROM (SELECT l.person_id, l.team_id, "
        "COUNT(*) AS services, SUM(l.hours) AS hours, SUM(l.points) AS points FROM ledger l "
        f"WHERE {IN_WINDOW_LEDGER} GROUP BY l.person_id, l.team_id) g "
        "LEFT JOIN persons p ON p.id = g.person_id LEFT JOIN teams t ON t.id = g.team_id "
        "ORDER BY g.person_id, g.team_id",
        (w.jurisdiction, w.first_day, w.last_day),
    )
    people: dict[int, PersonHours] = {}
    teams: dict[str, TeamHours] = {}
    for person, name, team_id, team, services, spent, points in rows:
        group = teams.setdefault(team_id, TeamHours(team_id, team, 0, 0, 0.0, 0.0))
        if person is None:  # the team's row: hours × volunteers of each service
            group.services, group.hours, group.points = services, spent, points
            continue
        group.volunteers += 1
        mine = people.setdefault(person, PersonHours(person, name, "", 0, 0.0, 0.0))
        mine.teams = "、".join(filter(None, (mine.teams, team)))
        mine.services += services
        mine.hours += spent
        mine.points += points
    return Hours(
        sorted(people.values(), key=lambda p: (-p.hours, p.person_id)),
        sorted(teams.values(), key=lambda t: (-t.hours, t.team_id)),
        len(people),
    )


async def team_members(tx: Tx | ReadTx, w: Window, team_id: str) -> list[PersonHours]:
    """The volunteers a team's reports of the window name, with what each was credited."""
    rows = await tx.fetchall(
        "SELECT l.person_id, COALESCE(p.display_name, ''), COALESCE(t.name, l.team_id), "
        "COUNT(*), SUM(l.hours), SUM(l.points) FROM ledger l "
        "LEFT JOIN persons p ON p.id = l.person_id LEFT JOIN teams t ON t.id = l.team_id "
        f"WHERE l.team_id = ? AND l.person_id IS NOT NULL AND {IN_WINDOW_LEDGER} "
        "GROUP BY l.person_id ORDER BY SUM(l.hours) DESC, l.person_id",
        (team_id, w.jurisdiction, w.first_day, w.last_day),
    )
    return [PersonHours(*row) for row in rows]


@dataclass(slots=True)
class Service:
    """One service a volunteer is credited with (a line of a 志愿服务记录证明)."""

    code: str
    service_date: str
    task: str | None
    request: str
    summary: str
    team: str
    hours: float
    points: float


_SERVICES = (
    "SELECT o.code, o.report_date, o.counted_task, o.request_text, "
    "COALESCE(o.report_summary, ''), COALESCE(t.name, l.team_id), "
    "SUM(l.hours), SUM(l.points) FROM ledger l JOIN orders o ON o.id = l.order_id "
    "LEFT JOIN teams t ON t.id = l.team_id "
)


async def services_of(tx: Tx | ReadTx, person_id: int, w: Window) -> list[Service]:
    rows = await tx.fetchall(
        f"{_SERVICES} WHERE l.person_id = ? AND {COMPLETED_IN_WINDOW} "
        "GROUP BY o.id ORDER BY 2, o.id",
        (person_id, w.jurisdiction, w.first_day, w.last_day),
    )
    return [Service(*row) for row in rows]


async def all_services_of(tx: Tx | ReadTx, person_id: int) -> list[Service]:
    """Every service the person is credited with, in any jurisdiction."""
    rows = await tx.fetchall(
        f"{_SERVICES} WHERE l.person_id = ? AND o.state IN ('done', 'closed') "
        "AND o.report IS NOT NULL GROUP BY o.id ORDER BY 2, o.id",
        (person_id,),
    )
    return [Service(*row) for row in rows]


async def jurisdictions_of(tx: Tx | ReadTx, person_id: int) -> list[str]:
    """Where the person volunteers: their teams' jurisdictions, then where they served."""
    rows = await tx.fetchall(
        "SELECT t.jurisdiction FROM roles r JOIN teams t ON t.id = r.scope_id "
        "WHERE r.person_id = ? AND r.role IN ('team_leader', 'team_member') "
        "UNION SELECT o.jurisdiction FROM ledger l JOIN orders o ON o.id = l.order_id "
        "WHERE l.person_id = ?",
        (person_id, person_id),
    )
    return sorted({row[0] for row in rows})


async def teams_of(tx: Tx | ReadTx, person_id: int, jurisdiction: str) -> list[str]:
    """The names of the teams of `jurisdiction` the person is registered with now."""
    rows = await tx.fetchall(
        "SELECT DISTINCT t.name FROM roles r JOIN teams t ON t.id = r.scope_id "
        "WHERE r.person_id = ? AND r.role IN ('team_leader', 'team_member') "
        "AND t.jurisdiction = ? ORDER BY t.name",
        (person_id, jurisdiction),
    )
    return [row[0] for row in rows]


async def volunteer_count(tx: Tx | ReadTx, w: Window) -> int:
    """Distinct volunteers named in the reports of the window's completions."""
    return int(
        await tx.scalar(
            f"SELECT COUNT(DISTINCT l.person_id) FROM ledger l WHERE {IN_WINDOW_LEDGER}",
            (w.jurisdiction, w.first_day, w.last_day),
        )
    )
