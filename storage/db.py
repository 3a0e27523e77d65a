"""One SQLite file, one writer connection, explicit transactions.

aiosqlite runs every statement of a connection on one worker thread, in the
order the coroutines submit them. Two coroutines sharing the connection would
interleave their statements inside one SQLite transaction, and the ROLLBACK of
one would silently undo the other's writes. So every use of the connection
goes through an asyncio lock: `transaction()` for writes (BEGIN IMMEDIATE …
COMMIT/ROLLBACK) and `read()` for queries.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

BUSY_TIMEOUT_MS = 5000


class StorageError(RuntimeError):
    pass


class Tx:
    """The statements available inside a transaction or a read."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    # Each call is one round trip to aiosqlite's thread; cursors are left to the
    # garbage collector rather than closed, which would cost a second trip.

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run a statement; returns the number of rows changed."""
        cursor = await self._conn.execute(sql, tuple(params))
        return cursor.rowcount

    async def insert(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run an INSERT; returns the new row id."""
        row = await self._conn.execute_insert(sql, tuple(params))
        if row is None:
            raise StorageError("INSERT returned no row id")
        return int(row[0])

    async def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> int:
        """Run a statement once per row; returns the number of rows changed in all."""
        batch = [tuple(r) for r in rows]
        if not batch:
            return 0
        cursor = await self._conn.executemany(sql, batch)
        return cursor.rowcount

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        rows = list(await self._conn.execute_fetchall(sql, tuple(params)))
        return rows[0] if rows else None

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        return list(await self._conn.execute_fetchall(sql, tuple(params)))

    async def scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]


class Database:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    async def open(self) -> Database:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: the sqlite3 module must not open transactions
        # behind our back; we issue BEGIN IMMEDIATE ourselves.
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA synchronous=NORMAL")
        await conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        await conn.execute("PRAGMA foreign_keys=ON")
        self._conn = conn
        await self._check_pragmas()
        return self

    async def _check_pragmas(self) -> None:
        expected = {"journal_mode": "wal", "synchronous": 1, "foreign_keys": 1}
        async with self.read() as tx:
            for name, want in expected.items():
                got = await tx.scalar(f"PRAGMA {name}")
                if got != want:
                    raise StorageError(f"PRAGMA {name} is {got!r}, expected {want!r}")
            timeout = await tx.scalar("PRAGMA busy_timeout")
            if timeout < BUSY_TIMEOUT_MS:
                raise StorageError(f"busy_timeout is {timeout} ms")

    async def close(self) -> None:
        if self._conn is not None:
            async with self._lock:
                await self._conn.close()
                self._conn = None

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise StorageError("database is not open")
        return self._conn

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        async with self._lock:
            conn = self.conn
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield Tx(conn)
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            else:
                await conn.execute("COMMIT")

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Tx]:
        async with self._lock:
            yield Tx(self.conn)


async def open_database(path: Path | str) -> Database:
    from storage.migrations import migrate

    db = await Database(path).open()
    await migrate(db)
    return db
