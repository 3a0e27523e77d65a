"""Whole numbers as people type them: digits of any width, or Chinese numerals."""

import pytest

from bot.domain.textclean import chinese_number, parse_count


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("40", 40),
        ("４０", 40),
        ("40人", 40),
        ("二十", 20),
        ("二十人", 20),
        ("四十 人", 40),
        ("十五", 15),
        ("十", 10),
        ("一百零五", 105),
        ("两百", 200),
        ("三千五百名", 3500),
        ("零", 0),
    ],
)
def test_a_count_typed_in_digits_or_chinese(typed, value):
    assert parse_count(typed, 0, 100000) == value


@pytest.mark.parametrize(
    "typed", ["二三", "二十二十", "一百万", "abc", "²", "", "十五六", "四十多"]
)
def test_what_is_no_single_number_is_refused(typed):
    assert parse_count(typed, 0, 100000) is None


def test_the_range_holds_for_chinese_numerals_too():
    assert parse_count("两千", 1, 1000) is None
    assert chinese_number("九千九百九十九") == 9999
