"""Plan accountability: progress against the plan's targets, the report and certificates."""
