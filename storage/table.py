"""Long query results held column by column."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Collection, Iterator, Sequence
from dataclasses import fields
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Table(Generic[T]):
    """The rows of one query, as one list per column.

    A year's report reads 100,000 orders and then goes over them a column at a time (a
    column of a sheet, a sum, a grouping): a list per column costs a fraction of an
    object per row to make and to go over. Iterating gives the rows as `row` objects,
    made as they are read, for whoever wants rows."""

    def __init__(self, row: Callable[..., T], names: Sequence[str], columns: Sequence[list[Any]]):
        self.row = row
        self._columns = dict(zip(names, columns, strict=True))

    def column(self, name: str) -> list[Any]:
        return self._columns[name]

    def replace(self, name: str, values: list[Any]) -> None:
        """Puts `values` in place of the column `name` (as long as it)."""
        if len(values) != len(self._columns[name]):
            raise ValueError(f"column {name}: {len(values)} values for {len(self)} rows")
        self._columns[name] = values

    def __len__(self) -> int:
        return len(next(iter(self._columns.values()), []))

    def __iter__(self) -> Iterator[T]:
        return map(self.row, *self._columns.values())


async def read_table(
    row: type[T], batches: AsyncIterator[list[Any]], shared: Collection[int] = ()
) -> Table[T]:
    """The query's rows as a Table of `row`, a dataclass whose fields are the query's
    columns in order. The values of the columns at `shared` positions (names, states: a few
    dozen distinct values in 100,000 rows) are kept once each, which halves the memory a
    year's orders take; `map` does it without a Python step per value."""
    names = [f.name for f in fields(row)]  # type: ignore[arg-type]
    columns: list[list[Any]] = [[] for _ in names]
    seen: dict[Any, Any] = {}
    async for rows in batches:
        for i, values in enumerate(zip(*rows, strict=True)):
            columns[i].extend(map(seen.setdefault, values, values) if i in shared else values)
    return Table(row, names, columns)
