"""Report periods as people write them: 2026, 2026H1, 2026Q3, 2026-05, 2026-03-01..2026-06-30.

A period is a run of whole local (Beijing) days; its moments are the local midnights
that bound it, which is how the database's UTC text is compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.domain.clock import LOCAL_TZ
from bot.domain.workflow import InvalidInput
from storage.reporting import Window
from storage.times import iso

_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})[Hh]([12])$")
_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_RANGE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})\s*(?:\.\.|～|~|至)\s*(\d{4}-\d{1,2}-\d{1,2})$")


@dataclass(frozen=True)
class Period:
    label: str  # as the report names it: 2026年、2026年上半年、2026年第3季度 …
    key: str  # as typed, normalised: 2026, 2026H1, 2026Q3, 2026-05, 2026-03-01..2026-06-30
    first: date
    last: date  # included

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(0), LOCAL_TZ)

    @property
    def end(self) -> datetime:
        """The moment after the last day (exclusive)."""
        return datetime.combine(self.last + timedelta(days=1), time(0), LOCAL_TZ)

    def months(self) -> list[str]:
        """Every month the period touches, as 'YYYY-MM', in order."""
        year, month, found = self.first.year, self.first.month, []
        while (year, month) <= (self.last.year, self.last.month):
            found.append(f"{year}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found

    def window(self, jurisdiction: str) -> Window:
        return Window(
            jurisdiction,
            iso(self.start),
            iso(self.end),
            self.first.isoformat(),
            self.last.isoformat(),
        )

    def elapsed(self, today: date) -> float:
        """The share of the period's days gone by at the end of `today` (0 to 1)."""
        if today < self.first:
            return 0.0
        return min(1.0, ((today - self.first).days + 1) / self.days)


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def _day(text: str) -> date:
    year, month, day = (int(p) for p in text.split("-"))
    return date(year, month, day)


def parse_period(text: str) -> Period:
    """The period `text` names; InvalidInput with the accepted forms otherwise."""
    raw = (text or "").strip()
    try:
        return _parse(raw)
    except ValueError:  # a month 13, 2026-02-30 …
        raise InvalidInput("period_no_such_day", period=raw) from None


def _parse(raw: str) -> Period:
    if m := _YEAR.match(raw):
        year = int(m[1])
        return Period(f"{year}年", raw, date(year, 1, 1), date(year, 12, 31))
    if m := _HALF.match(raw):
        year, half = int(m[1]), int(m[2])
        first = date(year, 1 if half == 1 else 7, 1)
        last = date(year, 6, 30) if half == 1 else date(year, 12, 31)
        return Period(f"{year}年{'上' if half == 1 else '下'}半年", f"{year}H{half}", first, last)
    if m := _QUARTER.match(raw):
        year, quarter = int(m[1]), int(m[2])
        first = date(year, 3 * quarter - 2, 1)
        return Period(
            f"{year}年第{quarter}季度", f"{year}Q{quarter}", first, _month_end(year, 3 * quarter)
        )
    if m := _MONTH.match(raw):
        year, month = int(m[1]), int(m[2])
        first = date(year, month, 1)
        return Period(f"{year}年{month}月", f"{year}-{month:02d}", first, _month_end(year, month))
    if m := _RANGE.match(raw):
        first, last = _day(m[1]), _day(m[2])
        if last < first:
            raise InvalidInput("period_reversed", period=raw)
        key = f"{first.isoformat()}..{last.isoformat()}"
        return Period(f"{first.isoformat()}至{last.isoformat()}", key, first, last)
    raise InvalidInput("period_unknown", period=raw)
