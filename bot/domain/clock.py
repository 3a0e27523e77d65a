"""Time, injected: services and the scheduler never call datetime.now() themselves."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Protocol

# The jurisdictions' time zone (Asia/Shanghai: UTC+8 all year, no daylight saving).
LOCAL_TZ = timezone(timedelta(hours=8))


def stamp(moment: datetime) -> str:
    """A moment as the database keeps it: UTC, to the second, sortable as text."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one")
    m = moment.astimezone(UTC)
    return f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}Z"


def parse_stamp(text: str | None) -> datetime | None:
    """A stored moment back (aware, UTC); None for none."""
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def local_text(moment: datetime) -> str:
    """A moment as people there read it: local (Beijing) time, to the minute."""
    return moment.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")


def local_date(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TZ).date()


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock that moves only when told to (tests, benchmarks)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when


class TravelClock:
    """Real time, moved forward on request: the sandbox's time travel.

    It keeps running between moves, because the sender's pacing and the minute tick
    wait on a clock that moves. `start` sets what now is at creation (tests pick a
    daytime moment so that no reminder waits for the quiet hours to end).
    """

    def __init__(self, start: datetime | None = None, base: Clock | None = None) -> None:
        self._base = base or SystemClock()
        self._offset = start - self._base.now() if start else timedelta()
        self.travelled = timedelta()

    def now(self) -> datetime:
        return self._base.now() + self._offset

    def travel(self, delta: timedelta) -> datetime:
        """Move forward by `delta`; time never runs backwards (deadlines already passed stay
        passed, as they would in real life)."""
        if delta <= timedelta():
            raise ValueError("time travel goes forward only")
        self._offset += delta
        self.travelled += delta
        return self.now()
