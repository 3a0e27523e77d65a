"""The first step of reading a request: one canonical form of its text.

In order: invisible characters out (zero-width spaces and joiners, bidi
marks, variation selectors and other controls split words without showing),
NFKC (full-width letters, digits and punctuation become half-width),
traditional characters to simplified (OpenCC's tw2s tables, which also turn
Taiwan's 著火 into 着火 and leave simplified text as it is), case folding
(rapidfuzz 3 and our dictionaries expect lower case), and tone marks off
Latin letters so that typed pinyin with tones reads like pinyin without.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import opencc

# ü is written v in toneless pinyin (lv, nv); the tone-marked forms too.
_U_UMLAUT = str.maketrans(dict.fromkeys("üǖǘǚǜ", "v"))
_KEEP_CONTROLS = frozenset("\n\t ")
_VARIATION_SELECTORS = range(0xFE00, 0xFE10)


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("tw2s")


def strip_invisible(text: str) -> str:
    """Drop format and control characters; keep line breaks and tabs as spacing."""
    out = []
    for ch in text:
        if ch in _KEEP_CONTROLS:
            out.append(ch)
        elif unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") or ord(ch) in (
            _VARIATION_SELECTORS
        ):
            continue
        else:
            out.append(ch)
    return "".join(out)


def to_simplified(text: str) -> str:
    return _converter().convert(text)


def strip_tones(text: str) -> str:
    """Tone marks off Latin letters (xiǎng -> xiang, lǜ -> lv); other scripts untouched."""
    text = text.translate(_U_UMLAUT)
    if text.isascii():
        return text
    out = []
    for ch in text:
        if ch.isascii() or not ("\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff"):
            out.append(ch)
            continue
        base = unicodedata.normalize("NFD", ch)
        out.append("".join(c for c in base if not unicodedata.combining(c)))
    return "".join(out)


def normalize(text: str) -> str:
    text = strip_invisible(text)
    text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text)
    return strip_tones(text.casefold())
