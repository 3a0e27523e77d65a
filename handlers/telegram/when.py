"""Dates in chat: how a day or a moment is shown, examples from today, why one was refused."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.domain.clock import LOCAL_TZ
from bot.domain.dates import DateError, Reading
from texts import t


def weekday(day: date, locale: str) -> str:
    return t(locale, "weekdays").split("|")[day.weekday()]


def day_text(day: date, locale: str = "zh") -> str:
    """2026-11-30（周一）: unambiguous, and the weekday people plan by."""
    return t(locale, "date.day", iso=day.isoformat(), weekday=weekday(day, locale))


def moment_text(moment: datetime, locale: str = "zh") -> str:
    """2026-12-06 14:30（周日）, in Beijing time."""
    local = moment.astimezone(LOCAL_TZ)
    return t(locale, "date.moment", at=f"{local:%Y-%m-%d %H:%M}", weekday=weekday(local, locale))


def reading_text(reading: Reading, locale: str = "zh", assume: bool = True) -> str:
    """A reading as it will be used; a part of day written without an hour says which hour
    stands for it (`assume`), or stays as written (a resident's wish)."""
    if reading.at is None or (reading.assumed and not assume):
        return day_text(reading.day, locale) + (reading.part or "")
    text = moment_text(reading.moment(), locale)
    if reading.assumed:
        text += t(locale, "date.assumed", part=reading.part, at=f"{reading.at:%H:%M}")
    return text


def _month_day(day: date, locale: str) -> str:
    return t(locale, "date.month_day", month=day.month, day=day.day)


def examples(locale: str, today: date, ahead: bool = True) -> str:
    """Examples of what may be typed, around today (never a day already past)."""
    if ahead:
        return t(
            locale,
            "date.examples_ahead",
            month_day=_month_day(today + timedelta(days=20), locale),
            iso=(today + timedelta(days=30)).isoformat(),
        )
    before = _month_day(today - timedelta(days=2), locale)
    return t(locale, "date.examples_behind", month_day=before)


def refusal(error: DateError, locale: str, today: date, ahead: bool = True) -> str:
    """Why the date was refused, then examples of what works."""
    params = dict(error.params)
    if error.code == "weekday_mismatch":
        day = params["day"]
        assert isinstance(day, date)
        names = t(locale, "weekdays").split("|")
        params = {
            "day": day_text(day, locale),
            "written": names[int(str(params["written"]))],
            "actual": names[int(str(params["actual"]))],
        }
    elif error.code == "ambiguous_hour":
        hour = int(str(params["hour"]))
        params["pm"] = hour + 12 if hour < 12 else hour
    elif error.code == "needs_time" and isinstance(params.get("day"), date):
        params["day"] = day_text(params["day"], locale)  # type: ignore[arg-type]
    reason = t(locale, f"date.err.{error.code}", **params)
    return f"{reason}\n{examples(locale, today, ahead)}"
