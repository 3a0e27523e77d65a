"""Dates and times as people type them in Chinese, read relative to today (Beijing time).

Pure: no clock, no channel. `read("下周三上午", today)` understands 明天下午三点,
下周三上午, 11月30日, 周六, 后天 14:30, 2026-12-01 and their kin, and refuses what
it cannot read for certain with a `DateError` whose code the chat turns into words.
`ahead` says whether the day lies ahead (a service being planned) or behind (one
being reported): it decides the year of 11月30日 and the week of a bare 周六.

Weeks start on Monday, so 下周三 is the Wednesday of next week. A part of day
without an hour stands for the hour in DEFAULT_HOURS (the reading says so: it is
`assumed`); an hour from 1 to 12 without a part of day (3点) is refused as
ambiguous, while 15点 and 15:00 are not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.domain.clock import LOCAL_TZ

_BRACKETS = str.maketrans("()[]【】", "      ")
MORNING = ("凌晨", "早上", "上午")
AFTERNOON = ("下午", "傍晚", "晚上")
DEFAULT_HOURS = {
    "早上": time(8, 0),
    "上午": time(9, 0),
    "中午": time(12, 0),
    "下午": time(14, 30),
    "傍晚": time(18, 0),
    "晚上": time(19, 30),
}
_PART_NAMES = {"早晨": "早上", "清晨": "早上", "晚间": "晚上", "夜里": "晚上", "早": "早上"}
_PART_NAMES |= {"晨": "早上", "晚": "晚上"}
_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_RELATIVE = {"大前天": -3, "前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "今儿": 0}
_RELATIVE |= {"明天": 1, "明日": 1, "明儿": 1, "后天": 2, "大后天": 3}
_SHORT = {"昨": -1, "今": 0, "明": 1}  # 今晚, 明早, 昨晚
_WEEKDAYS = {c: i for i, c in enumerate("一二三四五六日")} | {"天": 6, "七": 6}
_WEEKDAYS |= {str(i + 1): i for i in range(7)}
_WEEK_SHIFT = {"": 0, "这": 0, "这个": 0, "本": 0, "下": 1, "下个": 1, "下下": 2, "下下个": 2}
_WEEK_SHIFT |= {"上": -1, "上个": -1, "上上": -2, "上上个": -2}
_MINUTES = {"半": 30, "一刻": 15, "三刻": 45, "整": 0}
MAX_AHEAD = timedelta(days=366)

_NUM = r"\d{1,2}|[零〇一二两三四五六七八九十]{1,3}"
_TOKENS = [
    ("iso", r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*[日号]?"),
    ("md", rf"(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*[日号]?"),
    ("relative", "|".join(sorted(_RELATIVE, key=len, reverse=True))),
    ("short", r"(?P<day>[昨今明])(?P<part>[早晚晨])(?:上)?"),
    ("part", r"凌晨|早上|早晨|清晨|上午|中午|下午|傍晚|晚上|晚间|夜里"),
    (
        "week",
        r"(?P<shift>下下个?|上上个?|下个?|上个?|这个?|本)?\s*"
        r"(?:周|星期|礼拜)(?P<wd>[一二三四五六日天七1-7])",
    ),
    ("clock", r"(?P<h>\d{1,2})\s*:\s*(?P<mi>\d{2})"),
    (
        "hour",
        rf"(?P<h>{_NUM})\s*[点时]钟?"
        rf"(?:\s*(?P<extra>半|一刻|三刻|整)|\s*(?P<mi>{_NUM})\s*分?)?",
    ),
]
_SCANNER = [(kind, re.compile(pattern)) for kind, pattern in _TOKENS]
_GAP = re.compile(r"[\s,，、的]+")


class DateError(ValueError):
    """Why a date could not be read; `code` and `params` are for the chat's words."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Reading:
    day: date
    at: time | None = None  # the time of day, when one was written or implied
    part: str = ""  # the part of day as understood (上午, 下午 …), if written
    assumed: bool = False  # `at` stands for a part of day written without an hour

    def moment(self) -> datetime:
        """The moment in Beijing time; only for readings with a time of day."""
        assert self.at is not None
        return datetime.combine(self.day, self.at, LOCAL_TZ)


def number(text: str) -> int | None:
    """0–99 in Arabic or Chinese numerals (十一, 二十三, 两, 零五)."""
    if text.isascii() and text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        high = _DIGITS.get(tens) if tens else 1
        low = _DIGITS.get(ones) if ones else 0
        return None if high is None or low is None else high * 10 + low
    if len(text) == 2 and text[0] in "零〇":
        return _DIGITS.get(text[1])
    return _DIGITS.get(text) if len(text) == 1 else None


def _tokens(text: str) -> list[tuple[str, re.Match[str]]]:
    found, at = [], 0
    while at < len(text):
        gap = _GAP.match(text, at)
        if gap:
            at = gap.end()
            continue
        for kind, pattern in _SCANNER:
            match = pattern.match(text, at)
            if match:
                found.append((kind, match))
                at = match.end()
                break
        else:
            raise DateError("unreadable", text=text)
    return found


def _on_year(year: int, month: int | None, day: int | None) -> date:
    if month is None or day is None:
        raise DateError("no_such_day")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError("no_such_day", month=month, day=day) from None


def _month_day(month: int | None, day: int | None, today: date, ahead: bool) -> date:
    """The month and day in the nearest year that puts them on the right side of today."""
    step = 1 if ahead else -1
    for offset in range(9):  # 2月29日 may be years away
        try:
            found = date(today.year + step * offset, month or 0, day or 0)
        except ValueError:
            continue
        if (found >= today) if ahead else (found <= today):
            return found
    raise DateError("no_such_day", month=month, day=day)


def _weekday(shift: str | None, weekday: int, today: date, ahead: bool) -> date:
    if shift is None:  # a bare 周六: the nearest one on the right side of today
        if ahead:
            return today + timedelta(days=(weekday - today.weekday()) % 7)
        return today - timedelta(days=(today.weekday() - weekday) % 7)
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(weeks=_WEEK_SHIFT[shift], days=weekday)


def _clock(hour: int, minute: int, part: str, from_hour: bool) -> time:
    """The time of day from an hour and minute, with or without a part of day."""
    if not 0 <= minute <= 59 or not 0 <= hour <= 23:
        raise DateError("bad_time")
    if not part:
        if from_hour and 1 <= hour <= 12:
            raise DateError("ambiguous_hour", hour=hour)
        return time(hour, minute)
    if part in MORNING:
        if hour > 12:
            raise DateError("bad_time")
        return time(0 if part == "凌晨" and hour == 12 else hour, minute)
    if part == "中午":
        if hour not in (11, 12, 1, 2, 13, 14):
            raise DateError("bad_time")
        return time(hour + 12 if hour < 11 else hour, minute)
    if hour == 12 and part == "晚上":
        raise DateError("bad_time")  # midnight: the day is unclear
    return time(hour + 12 if hour < 12 else hour, minute)


def read(text: str, today: date, ahead: bool = True) -> Reading:
    # Brackets are only punctuation here: the bot's own echo, 2026-03-11（周三）下午三点,
    # reads back as typed (NFKC has made （） plain parentheses).
    text = unicodedata.normalize("NFKC", text or "").translate(_BRACKETS).strip()
    if not text:
        raise DateError("empty")
    days: list[date] = []
    weekdays: list[tuple[str | None, int]] = []
    parts: list[str] = []
    clocks: list[tuple[int, int, bool]] = []
    for kind, match in _tokens(text):
        if kind == "iso":
            days.append(_on_year(int(match["y"]), int(match["m"]), int(match["d"])))
        elif kind == "md":
            days.append(_month_day(number(match["m"]), number(match["d"]), today, ahead))
        elif kind == "relative":
            days.append(today + timedelta(days=_RELATIVE[match[0]]))
        elif kind == "short":
            days.append(today + timedelta(days=_SHORT[match["day"]]))
            parts.append(_PART_NAMES[match["part"]])
        elif kind == "part":
            parts.append(_PART_NAMES.get(match[0], match[0]))
        elif kind == "week":
            weekdays.append((match["shift"], _WEEKDAYS[match["wd"]]))
        else:
            hour, extra = number(match["h"]), match.groupdict().get("extra")
            minute = _MINUTES[extra] if extra else number(match["mi"] or "0")
            if hour is None or minute is None:
                raise DateError("bad_time")
            clocks.append((hour, minute, kind == "hour"))
    if len(set(days)) > 1 or len(weekdays) > 1:
        raise DateError("two_days")
    if len(set(parts)) > 1 or len(clocks) > 1:
        raise DateError("two_times")
    day = days[0] if days else None
    for shift, weekday in weekdays:
        if day is None:
            day = _weekday(shift, weekday, today, ahead)
        elif day.weekday() != weekday:
            raise DateError("weekday_mismatch", day=day, written=weekday, actual=day.weekday())
    part = parts[0] if parts else ""
    if clocks:
        at, assumed = _clock(*clocks[0][:2], part, clocks[0][2]), False
    elif part:
        if part not in DEFAULT_HOURS:
            raise DateError("ambiguous_part", part=part)
        at, assumed = DEFAULT_HOURS[part], True
    else:
        at, assumed = None, False
    if day is None and at is None:
        raise DateError("unreadable", text=text)
    return Reading(day or today, at, part, assumed)


# --- what each use accepts ----------------------------------------------------------


def service_time(text: str, now: datetime) -> Reading:
    """A time for the service: a day and a time of day, later than now, within a year."""
    today = now.astimezone(LOCAL_TZ).date()
    reading = read(text, today, ahead=True)
    if reading.at is None:
        raise DateError("needs_time", day=reading.day)
    if reading.moment() <= now:
        raise DateError("past")
    if reading.moment() > now + MAX_AHEAD:
        raise DateError("too_far")
    return reading


def wished_day(text: str, today: date) -> Reading:
    """The day a resident would like the service: today or later, within a year."""
    reading = read(text, today, ahead=True)
    if reading.day < today:
        raise DateError("past")
    if reading.day > today + MAX_AHEAD:
        raise DateError("too_far")
    return reading


def served_day(text: str, today: date) -> Reading:
    """The day a service took place: today or before."""
    reading = read(text, today, ahead=False)
    if reading.day > today:
        raise DateError("future")
    return reading
