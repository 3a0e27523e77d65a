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
import os
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

BUSY_TIMEOUT_MS = 5000


class StorageError(RuntimeError):
    pass


class CannotOpen(StorageError):
    """The database cannot be used at all: the message says why, in one line."""


def is_storage_fault(exc: BaseException) -> bool:
    """Locked, full, read-only, corrupt or gone: a fault of the database or the disk, which
    may pass, as opposed to a fault of one request (a constraint, a value it cannot bind)."""
    return (
        isinstance(exc, (sqlite3.OperationalError, StorageError, OSError))
        or type(exc) is sqlite3.DatabaseError  # "database disk image is malformed"
    )


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

    async def batches(
        self, sql: str, params: Iterable[Any] = (), size: int = 5000
    ) -> AsyncIterator[list[tuple[Any, ...]]]:
        """The rows `size` at a time, as plain tuples: a long result is never held whole,
        and a tuple costs less to make than a row that can be read by name."""
        cursor = await self._conn.execute(sql, tuple(params))
        cursor.row_factory = None  # type: ignore[assignment]
        try:
            while rows := list(await cursor.fetchmany(size)):
                yield rows
        finally:
            await cursor.close()

    async def scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]


class Database:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    async def open(self, check: bool = False) -> Database:
        """Connect and set the pragmas; `check` also runs `PRAGMA quick_check`.

        Any failure closes what was opened and raises CannotOpen with one clear line."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CannotOpen(f"无法创建数据库目录 {self.path.parent}：{exc.strerror}") from exc
        if not os.access(self.path.parent, os.W_OK):
            raise CannotOpen(f"数据库目录不可写：{self.path.parent}")
        try:
            # isolation_level=None: the sqlite3 module must not open transactions
            # behind our back; we issue BEGIN IMMEDIATE ourselves.
            self._conn = await aiosqlite.connect(self.path, isolation_level=None)
            self._conn.row_factory = aiosqlite.Row
            await self._conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            await self._conn.execute("PRAGMA journal_mode=WAL")
            await self._conn.execute("PRAGMA synchronous=NORMAL")
            await self._conn.execute("PRAGMA foreign_keys=ON")
            await self._check_pragmas()
            if check:
                await self.quick_check()
        except BaseException as exc:
            await self.close()
            if isinstance(exc, CannotOpen):
                raise
            if isinstance(exc, (sqlite3.Error, StorageError, OSError)):
                raise CannotOpen(f"无法打开数据库 {self.path}：{exc}") from exc
            raise
        return self

    async def quick_check(self) -> None:
        """A corrupt file is refused before it can swallow updates."""
        async with self.read() as tx:
            rows = await tx.fetchall("PRAGMA quick_check")
        problems = [str(r[0]) for r in rows if str(r[0]) != "ok"]
        if problems:
            raise CannotOpen(
                f"数据库 {self.path} 已损坏（{problems[0][:120]}）：请从备份恢复（见 README）"
            )

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
                conn, self._conn = self._conn, None
                await conn.close()

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise StorageError("database is not open")
        return self._conn

    @asynccontextmanager
    async def transaction(self, durable: bool = False) -> AsyncIterator[Tx]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception.

        `durable`: the commit is flushed to disk before this returns (synchronous=FULL).
        In WAL mode NORMAL survives a crash of the process but not of the machine; what
        we confirm to others (an update to Telegram) is committed durably."""
        async with self._lock:
            conn = self.conn
            if durable:
                await conn.execute("PRAGMA synchronous=FULL")
            try:
                await conn.execute("BEGIN IMMEDIATE")
                try:
                    yield Tx(conn)
                except BaseException:
                    await _rollback(conn)
                    raise
                else:
                    await conn.execute("COMMIT")
            finally:
                if durable:
                    await conn.execute("PRAGMA synchronous=NORMAL")

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Tx]:
        async with self._lock:
            yield Tx(self.conn)

    async def backup(self, target: Path) -> None:
        """A consistent copy of the live database (WAL included) at `target`.

        SQLite's online backup API copies page by page through this connection, so
        writers wait only between steps. The copy is written beside `target` and
        renamed into place, so a failed backup never leaves a half file there."""
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        async with self._lock, aiosqlite.connect(partial) as copy:
            await self.conn.backup(copy, pages=1024)
        os.replace(partial, target)


async def _rollback(conn: aiosqlite.Connection) -> None:
    """Undo a failed transaction; SQLite may already have undone it itself (disk full)."""
    try:
        await conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if "no transaction is active" not in str(exc):
            raise


async def open_database(path: Path | str, check: bool = False) -> Database:
    """Open, check (when asked) and migrate; a failure closes the file and raises CannotOpen."""
    from storage.migrations import migrate

    db = await Database(path).open(check=check)
    try:
        await migrate(db)
    except BaseException as exc:
        await db.close()
        if isinstance(exc, (sqlite3.Error, StorageError)):
            raise CannotOpen(f"数据库 {path} 升级失败：{exc}") from exc
        raise
    return db
