"""What a report of one jurisdiction over one period reads: read-only queries.

Moments come back as Julian day numbers (SQLite's `julianday`, UTC), a float
per moment, so that a year of orders needs no parsing of text on the way out;
phones come back masked, never in full. The long results (a window's orders and
completions) come back as Tables, column by column.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from storage.db import ReadTx, Tx
from storage.order_columns import STAGE_COLUMNS
from storage.table import Table, read_table


@dataclass(frozen=True)
class Window:
    """Orders submitted in [start, end) (UTC text); services delivered from
    `first_day` to `last_day` (local dates, both included)."""

    jurisdiction: str
    start: str
    end: str
    first_day: str
    last_day: str


# Completed orders of a jurisdiction whose service date (the team's report) falls in
# the window. `report_date` is the local day the team says the service took place (the
# report's `date`, see storage/order_columns.py): an order has it once it has a report.
# Found from the index orders_by_report_date alone.
COMPLETED_IN_WINDOW = (
    "o.jurisdiction = ? AND o.report_date BETWEEN ? AND ? AND o.state IN ('done', 'closed')"
)

# Ledger rows of those orders: the window's orders are listed once, and each ledger row is
# read from the index ledger_by_order, which holds what is counted and summed.
IN_WINDOW_LEDGER = f"l.order_id IN (SELECT o.id FROM orders o WHERE {COMPLETED_IN_WINDOW})"

# The same masking as bot.privacy.mask_phone: 138****5678, *** when too short or erased.
_MASKED_PHONE = (
    "CASE WHEN o.contact_phone IS NULL OR o.contact_phone = '' THEN NULL "
    "WHEN length(o.contact_phone) < 7 OR o.contact_phone = '***' THEN '***' "
    "ELSE substr(o.contact_phone, 1, 3) || '****' || substr(o.contact_phone, -4) END"
)

# A place served: the resident's place as given, within the station. Places are
# erased 30 days after an order ends; an erased place counts as its station alone.
_PLACE = (
    "o.station_id || '|' || CASE WHEN o.place_detail IN ('', '***') THEN '' ELSE o.place_detail END"
)


@dataclass(slots=True)
class Completion:
    order_id: int
    code: str
    service_date: str  # YYYY-MM-DD, local
    task: str | None  # the plan task it counts toward
    station: str
    agency: str
    team: str
    audience: str
    attendance: int  # 人次 served
    hours: float  # length of the service
    volunteers: int
    volunteer_hours: float  # hours × volunteers
    place: str  # station|place, see _PLACE
    rating: int | None
    summary: str


async def completions(tx: ReadTx, w: Window) -> Table[Completion]:
    rows = tx.batches(
        "SELECT o.id, o.code, o.report_date, o.counted_task, o.station_id, o.agency_id, "
        "o.team_id, o.audience, o.report_attendance, o.report_hours, o.report_volunteers, "
        f"o.report_hours * o.report_volunteers, {_PLACE}, o.rating, "
        "COALESCE(o.report_summary, '') "
        f"FROM orders o WHERE {COMPLETED_IN_WINDOW} ORDER BY o.report_date, o.id",
        (w.jurisdiction, w.first_day, w.last_day),
    )
    table = await read_table(Completion, rows, (2, 3, 4, 5, 6, 7, 9, 11, 12, 14))
    await _name(tx, table)
    return table


@dataclass(slots=True)
class TaskTally:
    """What the completions counted toward one task (None: toward no task) measure."""

    task: str | None
    sessions: int
    attendance: int
    volunteer_hours: float
    places: int  # distinct places served


async def task_tallies(tx: Tx | ReadTx, w: Window) -> dict[str | None, TaskTally]:
    """Per task, in SQL: for windows whose completions are not read row by row (a level
    target counted from the plan's start); `tally` does the same over rows in hand."""
    rows = await tx.fetchall(
        "SELECT o.counted_task, COUNT(*), COALESCE(SUM(o.report_attendance), 0), "
        "COALESCE(SUM(o.report_hours * o.report_volunteers), 0), "
        f"COUNT(DISTINCT {_PLACE}) FROM orders o "
        f"WHERE {COMPLETED_IN_WINDOW} GROUP BY o.counted_task",
        (w.jurisdiction, w.first_day, w.last_day),
    )
    return {row[0]: TaskTally(*row) for row in rows}


def tally(completed: Table[Completion]) -> dict[str | None, TaskTally]:
    """`task_tallies` over completions already read (one pass instead of a second query)."""
    tasks = completed.column("task")
    found = {task: TaskTally(task, n, 0, 0.0, 0) for task, n in Counter(tasks).items()}
    for task, _ in set(zip(tasks, completed.column("place"), strict=True)):
        found[task].places += 1
    column = completed.column
    for task, people, hours in zip(
        tasks, column("attendance"), column("volunteer_hours"), strict=True
    ):
        t = found[task]
        t.attendance += people
        t.volunteer_hours += hours
    return found


@dataclass(slots=True)
class OrderLine:
    """One order submitted in the window, with the first moment of each stage."""

    code: str
    state: str
    priority: str
    station_id: str
    station: str
    agency_id: str | None
    agency: str
    team: str
    task: str | None
    audience: str
    expected_attendance: int | None
    attendance: int | None
    hours: float | None
    rating: int | None
    phone: str | None  # masked
    scheduled_at: float | None  # the agreed time of the service (Julian days, UTC)
    submitted: float | None  # Julian days, UTC
    dispatched: float | None
    claimed: float | None
    accepted: float | None
    confirmed: float | None  # the resident confirmed the agreed time
    done: float | None
    closed: float | None  # rated, or closed without a rating


# The first moment of each stage. The services write it into `state_times` (state ->
# first entered) in the same transaction as the stage's event, so it equals the first
# such event of `order_events` (a reassignment to an agency is a dispatch, to a team an
# acceptance); reading it from the order row costs a quarter of grouping the events, and
# from its column (storage/order_columns.py) a third of reading it from the JSON.
STAGE_MOMENTS = ", ".join(f"julianday(o.{column})" for column in STAGE_COLUMNS.values())
SUBMITTED_IN_WINDOW = "o.jurisdiction = ? AND o.created_at >= ? AND o.created_at < ?"


async def order_lines(tx: ReadTx, w: Window) -> Table[OrderLine]:
    rows = tx.batches(
        "SELECT o.code, o.state, o.priority, o.station_id, o.station_id, o.agency_id, "
        "o.agency_id, o.team_id, o.counted_task, o.audience, o.expected_attendance, "
        "o.report_attendance, o.report_hours, o.rating, "
        f"{_MASKED_PHONE}, julianday(o.scheduled_at), {STAGE_MOMENTS} "
        # In the order of the index orders_by_created: sorting by id took a fifth of the query.
        f"FROM orders o WHERE {SUBMITTED_IN_WINDOW} ORDER BY o.created_at, o.id",
        (w.jurisdiction, w.start, w.end),
    )
    table = await read_table(OrderLine, rows, (1, 2, 3, 4, 5, 6, 7, 8, 9, 12))
    await _name(tx, table)
    return table


async def _name(tx: ReadTx, table: Table[Any]) -> None:
    """Puts the names of stations, agencies and teams in place of the ids read. A few
    dozen of them, looked up here: joining them to each of a year's orders in SQL took a
    fifth of reading the orders. A station without a name keeps its id; an agency or
    team without one (or none at all) is ''."""
    for column, table_name, keep_id in (
        ("station", "stations", True),
        ("agency", "agencies", False),
        ("team", "teams", False),
    ):
        names = dict(await tx.fetchall(f"SELECT id, name FROM {table_name}"))
        ids = table.column(column)
        fallback = ids if keep_id else repeat("", len(ids))
        table.replace(column, list(map(names.get, ids, fallback)))


@dataclass(slots=True)
class Entry:
    """Progress the coordinator entered by hand for one target of a task."""

    id: int
    task_id: str
    target_index: int
    amount: float
    note: str
    on_date: str  # local date
    entered_by: str
    entered_at: str  # UTC text


async def entries(tx: Tx | ReadTx, jurisdiction: str, first_day: str, last_day: str) -> list[Entry]:
    rows = await tx.fetchall(
        "SELECT e.id, e.task_id, e.target_index, e.amount, e.note, e.on_date, "
        "COALESCE(p.display_name, CAST(e.entered_by AS TEXT), ''), e.entered_at "
        "FROM progress_entries e LEFT JOIN persons p ON p.id = e.entered_by "
        "WHERE e.jurisdiction = ? AND e.on_date BETWEEN ? AND ? ORDER BY e.on_date, e.id",
        (jurisdiction, first_day, last_day),
    )
    return [Entry(*row) for row in rows]
