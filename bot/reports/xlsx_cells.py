"""The cells of a sheet's rows as XML, a column at a time.

A year's report writes 3.4 million cells. Each cell's XML is made once per distinct
value of its column and looked up for every row (a column of names, states, counts or
days has a few hundred distinct values at most); only moments, nearly all distinct, are
formatted one by one. The rows are then joined by `str.join` over `zip`: no Python step
runs per cell, only per distinct value.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import count, repeat
from typing import Any

# Style index (cellXfs) of each kind of column, its number format, and how its values
# are written (%-formatting a float is twice as fast as repr; datetimes keep milliseconds).
KINDS = {
    "text": (2, None, ""),
    "int": (3, "0", "%d"),
    "number": (4, "0.0", "%.4f"),
    "date": (5, "yyyy-mm-dd", "%d"),
    "datetime": (6, "yyyy-mm-dd hh:mm", "%.10f"),
    "percent": (7, "0.0%", "%.5f"),
}
HEADER_STYLE = 1
# Kinds whose values are nearly all distinct: formatted one by one, not looked up.
_DISTINCT = {"datetime"}


def text_cells(values: Sequence[Any], strings: dict[Any, int]) -> list[str]:
    """Shared-string cells; `strings` (text -> index) gains the texts not in it yet, in
    the order they first appear (so the same report gives the same file). Order codes are
    all distinct: their cells are made by `map`, not by a Python step each."""
    distinct = dict.fromkeys(values)
    texts = list(filter(None, distinct))  # '' and None are empty cells
    new = [t for t in texts if t not in strings]
    strings.update(zip(new, count(len(strings))))
    cells = map('<c s="2" t="s"><v>%d</v></c>'.__mod__, map(strings.__getitem__, texts))
    xml = dict(zip(texts, cells, strict=True))
    xml.update(dict.fromkeys(distinct.keys() - xml.keys(), '<c s="2"/>'))
    return list(map(xml.__getitem__, values))


def number_cells(values: Sequence[Any], kind: str, shift: float = 0.0) -> list[str]:
    """`shift` is added to each value as it is written (moments kept as Julian days are
    written as Excel's serial days)."""
    style, _, spec = KINDS[kind]
    empty, cell = f'<c s="{style}"/>', f'<c s="{style}"><v>{spec}</v></c>'
    if kind in _DISTINCT:
        return [empty if v is None else cell % (v + shift) for v in values]
    xml = {v: empty if v is None else cell % (v + shift) for v in dict.fromkeys(values)}
    return list(map(xml.__getitem__, values))


def rows_xml(first: int, cells: Sequence[list[str]]) -> str:
    """Rows numbered from `first`, given each column's cells."""
    count = len(cells[0]) if cells else 0
    opening = [f'<row r="{n}">' for n in range(first, first + count)]
    return "".join(map("".join, zip(opening, *cells, repeat("</row>", count), strict=True)))
