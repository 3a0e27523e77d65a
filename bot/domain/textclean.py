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
    """A whole number in [low, high] as people type it ("40", "４０", "40人"); else None."""
    match = _COUNT.match(ascii_digits(text or ""))
    if match is None:
        return None
    value = int(match[1])
    return value if low <= value <= high else None


def parse_amount(text: str, low: float, high: float) -> float | None:
    """A number with up to two decimals in (low, high] ("2", "1.5", "１.５小时"); else None."""
    cleaned = ascii_digits(text or "").replace("．", ".")
    match = _NUMBER.match(cleaned)
    if match is None:
        return None
    value = float(match[1])
    return value if low < value <= high else None
