"""Dates and times in plain Chinese, read against a fixed today: Monday 2 March 2026."""

from datetime import UTC, date, datetime, time

import pytest

from bot.domain.dates import DateError, Reading, read, served_day, service_time, wished_day

TODAY = date(2026, 3, 2)  # a Monday
MON = TODAY

AHEAD = [
    # the examples
    ("明天下午三点", Reading(date(2026, 3, 3), time(15, 0), "下午")),
    ("下周三上午", Reading(date(2026, 3, 11), time(9, 0), "上午", assumed=True)),
    ("11月30日", Reading(date(2026, 11, 30))),
    ("周六", Reading(date(2026, 3, 7))),
    ("后天 14:30", Reading(date(2026, 3, 4), time(14, 30))),
    ("2026-12-01", Reading(date(2026, 12, 1))),
    # kin of them
    ("今天", Reading(TODAY)),
    ("大后天", Reading(date(2026, 3, 5))),
    ("十一月三十号", Reading(date(2026, 11, 30))),
    ("1月5日", Reading(date(2027, 1, 5))),  # passed this year: next year's
    ("2026年12月1日", Reading(date(2026, 12, 1))),
    ("2026/12/1", Reading(date(2026, 12, 1))),
    ("２０２６－１２－０１", Reading(date(2026, 12, 1))),  # full-width, as some keyboards type
    ("3月5日 下午2点半", Reading(date(2026, 3, 5), time(14, 30), "下午")),
    ("3月5日下午2:30", Reading(date(2026, 3, 5), time(14, 30), "下午")),
    ("下午 2:30", Reading(TODAY, time(14, 30), "下午")),
    ("明晚7点", Reading(date(2026, 3, 3), time(19, 0), "晚上")),
    ("明早", Reading(date(2026, 3, 3), time(8, 0), "早上", assumed=True)),
    ("今天晚上八点", Reading(TODAY, time(20, 0), "晚上")),
    ("明天上午10点一刻", Reading(date(2026, 3, 3), time(10, 15), "上午")),
    ("明天上午十点十五分", Reading(date(2026, 3, 3), time(10, 15), "上午")),
    ("中午12点", Reading(TODAY, time(12, 0), "中午")),
    ("中午1点", Reading(TODAY, time(13, 0), "中午")),
    ("15点", Reading(TODAY, time(15, 0))),
    ("9:00", Reading(TODAY, time(9, 0))),
    ("周一", Reading(MON)),  # today is Monday: today
    ("星期六上午", Reading(date(2026, 3, 7), time(9, 0), "上午", assumed=True)),
    ("礼拜天", Reading(date(2026, 3, 8))),
    ("这周日", Reading(date(2026, 3, 8))),
    ("本周三", Reading(date(2026, 3, 4))),
    ("下周日", Reading(date(2026, 3, 15))),
    ("下个星期一", Reading(date(2026, 3, 9))),
    ("下下周一", Reading(date(2026, 3, 16))),
    ("11月30日周一", Reading(date(2026, 11, 30))),  # the weekday agrees
    ("下午", Reading(TODAY, time(14, 30), "下午", assumed=True)),
    ("2月29日", Reading(date(2028, 2, 29))),  # the next leap year
]

BEHIND = [
    ("今天", TODAY),
    ("昨天", date(2026, 3, 1)),
    ("前天", date(2026, 2, 28)),
    ("3月1日", date(2026, 3, 1)),
    ("12月30日", date(2025, 12, 30)),  # still to come this year: last year's
    ("周六", date(2026, 2, 28)),
    ("周一", TODAY),
    ("上周三", date(2026, 2, 25)),
]

REFUSED = [
    ("", "empty"),
    ("   ", "empty"),
    ("3点", "ambiguous_hour"),  # three in the morning or the afternoon?
    ("明天10点", "ambiguous_hour"),
    ("2月30日", "no_such_day"),
    ("13月1日", "no_such_day"),
    ("2026-02-30", "no_such_day"),
    ("11月30日周六", "weekday_mismatch"),
    ("明天或者后天", "unreadable"),
    ("随便什么时候都行", "unreadable"),
    ("明天 后天", "two_days"),
    ("15:00 下午三点", "two_times"),
    ("上午15点", "bad_time"),
    ("25:00", "bad_time"),
    ("下午3:75", "bad_time"),
    ("晚上12点", "bad_time"),
    ("凌晨", "ambiguous_part"),
]


@pytest.mark.parametrize(("text", "expected"), AHEAD)
def test_ahead(text, expected):
    assert read(text, TODAY) == expected


@pytest.mark.parametrize(("text", "expected"), BEHIND)
def test_behind(text, expected):
    assert read(text, TODAY, ahead=False).day == expected


@pytest.mark.parametrize(("text", "code"), REFUSED)
def test_refused(text, code):
    with pytest.raises(DateError) as refused:
        read(text, TODAY)
    assert refused.value.code == code


def test_a_mismatched_weekday_names_both_days():
    with pytest.raises(DateError) as refused:
        read("11月30日周六", TODAY)
    assert refused.value.params == {"day": date(2026, 11, 30), "written": 5, "actual": 0}


NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 17:00 in Beijing


def test_a_service_time_needs_a_time_of_day_later_than_now_within_a_year():
    assert service_time("明天下午三点", NOW).moment() == datetime(2026, 3, 3, 7, 0, tzinfo=UTC)
    assert service_time("今天晚上", NOW).moment().hour == 19  # 19:30 Beijing, still ahead
    for text, code in (
        ("明天", "needs_time"),
        ("今天下午三点", "past"),
        ("2027-06-01 10:00", "too_far"),
    ):
        with pytest.raises(DateError) as refused:
            service_time(text, NOW)
        assert refused.value.code == code


def test_a_wished_day_is_today_or_later_and_a_served_day_today_or_before():
    assert wished_day("周六", TODAY).day == date(2026, 3, 7)
    assert served_day("周六", TODAY).day == date(2026, 2, 28)
    assert served_day("今天", TODAY).day == TODAY
    with pytest.raises(DateError, match="past"):
        wished_day("2026-03-01", TODAY)
    with pytest.raises(DateError, match="future"):
        served_day("2026-03-03", TODAY)
