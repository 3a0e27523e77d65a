"""What people type, made safe to store and to show on someone else's card.

A resident's words end up on a station's card beside the card's own fields.
Invisible characters (zero-width, bidi overrides, controls) could make typed
text look like one of those fields, or reorder it on screen; a newline in a
one-line field could start a forged line. So every typed field passes here
before it is stored: one-line fields lose their newlines, free text keeps them,
and both lose what cannot be seen.
"""

from __future__ import annotations

import re
import unicodedata

# Line and paragraph separators read as newlines; everything else invisible goes.
_NEWLINES = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"}
_KEEP = {"\n", "\t"}
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def _visible(text: str) -> str:
    for old, new in _NEWLINES.items():
        text = text.replace(old, new)
    # Cc are controls, Cf format characters (zero-width, bidi marks and overrides, the
    # soft hyphen): nothing a person means to say.
    return "".join(
        ch for ch in text if ch in _KEEP or unicodedata.category(ch) not in ("Cc", "Cf", "Co")
    )


def one_line(text: str | None) -> str:
    """A name, an audience, a place, a reason: one line, single spaces."""
    if not text:
        return ""
    cleaned = _visible(text).replace("\n", " ")
    return _SPACES.sub(" ", cleaned).strip()


def person_name(text: str | None) -> str:
    """A name as Telegram gives it, fit to stand on a card: one line, at most 64 characters."""
    return one_line(text)[:64]


def free_text(text: str | None) -> str:
    """A request or a summary: its lines kept, invisible characters and runs of blank lines not."""
    if not text:
        return ""
    lines = [_SPACES.sub(" ", line).strip() for line in _visible(text).split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def ascii_digits(text: str) -> str:
    """Decimal digits of any script (full-width １３８, Mongolian ᠑᠒) as ASCII; others kept.

    Superscripts and circled numbers are not decimal digits, so `²` stays `²` and is
    refused by whoever expects a number, rather than read as 2."""
    return "".join(
        str(unicodedata.decimal(ch)) if unicodedata.category(ch) == "Nd" else ch for ch in text
    )


_COUNT = re.compile(r"^\s*(\d{1,9})\s*(?:人|名|位|个|次|场|人次)?\s*$")
_NUMBER = re.compile(r"^\s*(\d{1,6}(?:\.\d{1,2})?)\s*(?:小时|个小时|h|H)?\s*$")


def parse_count(text: str, low: int, high: int) -> int | None:
    """A whole number in [low, high] as people type it ("40", "４０", "40人", "四十人",
    "一百二十"); else None."""
    match = _COUNT.match(ascii_digits(text or ""))
    if match is not None:
        value: int | None = int(match[1])
    else:
        words = _COUNT_WORD.match((text or "").strip())
        value = chinese_number(words[1]) if words else None
    return value if value is not None and low <= value <= high else None


_COUNT_WORD = re.compile(r"^(\S+?)\s*(?:人次|人|名|位|个|次|场)?$")
_CN_DIGITS = dict(
    zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True)
)
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """A whole number below 10,000 in Chinese numerals (二十, 一百零五, 两千三百); None for
    anything else, including two digits in a row (二三 could be 23 or 2–3)."""
    total, digit, last_unit = 0, None, 10_000
    for ch in text:
        if ch in _CN_DIGITS:
            if digit:  # a digit already waits for its unit
                return None
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            if _CN_UNITS[ch] >= last_unit:  # units only go down: 二十二十 is no number
                return None
            last_unit = _CN_UNITS[ch]
            total += (1 if digit is None else digit) * last_unit  # 十五: ten and five
            digit = None
        else:
            return None
    return total + (digit or 0) if text else None


def parse_amount(text: str, low: float, high: float) -> float | None:
    """A number with up to two decimals in (low, high] ("2", "1.5", "１.５小时"); else None."""
    cleaned = ascii_digits(text or "").replace("．", ".")
    match = _NUMBER.match(cleaned)
    if match is None:
        return None
    value = float(match[1])
    return value if low < value <= high else None
