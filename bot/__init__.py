"""The chat bot: services, wiring and the command line."""

import os

# python-telegram-bot 22 gives time periods (RetryAfter.retry_after and others) as
# timedelta when this is set, and otherwise warns on every access; we read both forms.
os.environ.setdefault("PTB_TIMEDELTA", "1")
