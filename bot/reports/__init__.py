"""Plan accountability: progress against the plan's targets and the report (text, workbook,
charts). Channel-neutral: the chat, the command line and the web console call
`build_report` and `plan_progress_for`. matplotlib is imported only when a chart is drawn."""

from bot.reports.build import Report, build_report, plan_progress_for
from bot.reports.periods import Period, parse_period

__all__ = ["Period", "Report", "build_report", "parse_period", "plan_progress_for"]
