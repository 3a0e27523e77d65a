"""Plain columns copied from an order's JSON fields whenever those are written.

`state_times` (state -> first moment entered) and `report` (the team's completion
report) stay the record. A year's report reads a few of their values for 100,000
orders: SQLite 3.40 parses the whole JSON text again for every `json_extract`, which
was most of the report's time. So the values reports read are kept beside the JSON,
written by the same statement (`projected`) and filled for older rows by migration
0013 (which spells its columns out: a shipped migration never changes with this module).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# The stages a report times: state -> column holding the first moment it was entered.
STAGE_COLUMNS = {
    state: f"entered_{state}_at"
    for state in ("new", "dispatched", "claimed", "accepted", "scheduled", "done", "closed")
}
# Key of the completion report -> its column.
REPORT_COLUMNS = {
    "date": "report_date",
    "attendance": "report_attendance",
    "hours": "report_hours",
    "volunteers": "report_volunteers",
    "summary": "report_summary",
}
_SOURCES = [("state_times", STAGE_COLUMNS), ("report", REPORT_COLUMNS)]


def projected(values: Mapping[str, Any]) -> dict[str, Any]:
    """The columns to write beside `values` (a row or a change, JSON fields as dicts)."""
    columns: dict[str, Any] = {}
    for field, mapping in _SOURCES:
        if field in values:
            data = values[field] or {}
            columns.update({column: data.get(key) for key, column in mapping.items()})
    return columns
