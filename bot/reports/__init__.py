"""Plan accountability: progress against the plan's targets, the report (text, workbook,
charts) and volunteers' service certificates. Channel-neutral: the chat, the command line
and the web console call `build_report`, `plan_progress_for`, `issue_certificate` and
`certificate_pdf`. matplotlib is imported only when a chart or certificate is drawn."""

from bot.reports.build import Report, build_report, plan_progress_for
from bot.reports.certificate import issue_certificate
from bot.reports.periods import Period, parse_period

__all__ = [
    "Period",
    "Report",
    "build_report",
    "issue_certificate",
    "parse_period",
    "plan_progress_for",
]
