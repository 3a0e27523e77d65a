"""Plan accountability: progress against the plan's targets, the report (text, workbook,
charts) and volunteers' service certificates. Channel-neutral: the chat, the command line
and the web console call `build_report`, `plan_progress_for`, `issue_certificate` and
`certificate_pdf`. matplotlib is imported only when a chart or certificate is drawn.

The names below are imported when first asked for: a process that only draws a report's
charts (bot.reports.chart_process) then starts without the rest of the bot."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.reports.build import Report, build_report, plan_progress_for
    from bot.reports.certificate import issue_certificate
    from bot.reports.periods import Period, parse_period

_HOMES = {
    "Period": "bot.reports.periods",
    "Report": "bot.reports.build",
    "build_report": "bot.reports.build",
    "issue_certificate": "bot.reports.certificate",
    "parse_period": "bot.reports.periods",
    "plan_progress_for": "bot.reports.build",
}
__all__ = [
    "Period",
    "Report",
    "build_report",
    "issue_certificate",
    "parse_period",
    "plan_progress_for",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
