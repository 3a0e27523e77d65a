"""One SQLite file, one writer connection, explicit transactions.

The bot's statements are short: a transition reads an order, its actor's roles
and its recipients, and writes a handful of rows, each statement a few
microseconds on a local WAL file. Handing each of them to a worker thread and
back (as aiosqlite does) cost about 55 µs a statement here, twenty times the
statement itself, and made the layers cost five times the bare SQL. So the
writer connection runs on the event loop itself; a statement that would have
to wait (another process holding the write lock) waits at most the busy
timeout, which only our own short admin commands can cause.

Long read-only work (reports over a year of orders, backups) must not stall the
loop: `reader()` hands it to a second connection on aiosqlite's worker thread,
which reads a consistent snapshot beside the writer (WAL allows both).

Two coroutines sharing the writer would interleave their statements inside one
SQLite transaction, and the ROLLBACK of one would silently undo the other's
writes. So every use of it goes through an asyncio lock: `transaction()` for
writes (BEGIN IMMEDIATE … COMMIT/ROLLBACK) and `read()` for queries.
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


# What a benchmark replays: ("execute" | "executemany" | "fetchall", sql, params).
Trace = list[tuple[str, str, Any]]


class Tx:
    """The statements available inside a transaction or a read.

    They are coroutines so that a caller never depends on where they run: on the
    writer they finish at once, on the reader they wait for its thread."""

    def __init__(self, conn: sqlite3.Connection, trace: Trace | None = None) -> None:
        self._conn = conn
        self._trace = trace

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run a statement; returns the number of rows changed."""
        values = tuple(params)
        if self._trace is not None:
            self._trace.append(("execute", sql, values))
        return self._conn.execute(sql, values).rowcount

    async def insert(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run an INSERT; returns the new row id."""
        values = tuple(params)
        if self._trace is not None:
            self._trace.append(("execute", sql, values))
        row_id = self._conn.execute(sql, values).lastrowid
        if row_id is None:
            raise StorageError("INSERT returned no row id")
        return int(row_id)

    async def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> int:
        """Run a statement once per row; returns the number of rows changed in all."""
        batch = [tuple(r) for r in rows]
        if not batch:
            return 0
        if self._trace is not None:
            self._trace.append(("executemany", sql, batch))
        return self._conn.executemany(sql, batch).rowcount

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        values = tuple(params)
        if self._trace is not None:
            self._trace.append(("fetchall", sql, values))
        return self._conn.execute(sql, values).fetchall()

    async def scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]


class Database:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self._reader_lock = asyncio.Lock()
        self.trace: Trace | None = None  # set by a benchmark to record every statement

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
            self._conn = _connect(self.path)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            await self._check_pragmas()
            if check:
                await self.quick_check()
        except BaseException as exc:
            await self.close()
            if isinstance(exc, CannotOpen):
                raise
            if isinstance(exc, sqlite3.DatabaseError) and _damaged(exc):
                raise CannotOpen(
                    f"数据库 {self.path} 已损坏或不是数据库文件（{exc}）：请从备份恢复（见 README）"
                ) from exc
            if isinstance(exc, (sqlite3.Error, StorageError, OSError)):
                raise CannotOpen(f"无法打开数据库 {self.path}：{exc}") from exc
            raise
        return self

    async def quick_check(self) -> None:
        """A corrupt file is refused before it can swallow updates."""
        async with self.read() as tx:
            rows = await tx.fetchall("PRAGMA quick_check")
        if problems := _problems(rows):
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
        if self._reader is not None:
            reader, self._reader = self._reader, None
            await reader.close()
        if self._conn is not None:
            async with self._lock:
                conn, self._conn = self._conn, None
                conn.close()

    @property
    def conn(self) -> sqlite3.Connection:
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
                conn.execute("PRAGMA synchronous=FULL")
            try:
                conn.execute("BEGIN IMMEDIATE")
                self._traced("BEGIN IMMEDIATE")
                try:
                    yield Tx(conn, self.trace)
                except BaseException:
                    _rollback(conn)
                    self._traced("ROLLBACK")
                    raise
                else:
                    conn.execute("COMMIT")
                    self._traced("COMMIT")
            finally:
                if durable:
                    conn.execute("PRAGMA synchronous=NORMAL")

    def _traced(self, statement: str) -> None:
        if self.trace is not None:
            self.trace.append(("execute", statement, ()))

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Tx]:
        async with self._lock:
            yield Tx(self.conn, self.trace)

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[ReadTx]:
        """Long read-only work, off the event loop, on a snapshot (no lock: WAL lets the
        writer go on meanwhile). One reader at a time."""
        if self._reader is None:
            self._reader = await aiosqlite.connect(self.path, isolation_level=None)
            self._reader.row_factory = sqlite3.Row
            await self._reader.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        async with self._reader_lock:
            await self._reader.execute("BEGIN")  # one snapshot for all the queries
            try:
                yield ReadTx(self._reader)
            finally:
                await self._reader.execute("ROLLBACK")

    async def backup(self, target: Path) -> None:
        """A consistent copy of the live database (WAL included) at `target`.

        SQLite's online backup API copies the snapshot of the reader connection in one
        step, on its thread, while the writer goes on. The copy is written beside
        `target` and renamed into place, so a failed backup never leaves a half file."""
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        async with self.reader():
            assert self._reader is not None
            async with aiosqlite.connect(partial) as copy:
                await self._reader.backup(copy)
                # The copy inherits WAL mode from the live file; as a backup it should be
                # one self-contained file, whatever opens it later.
                await copy.execute("PRAGMA journal_mode=DELETE")
        os.replace(partial, target)


def check_file(path: Path) -> None:
    """`PRAGMA quick_check` of a file the bot does not have open (a backup), read-only so
    the file is left exactly as it was; CannotOpen says in one line why it will not do."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise CannotOpen(f"{path} 不是可用的数据库：{exc}") from exc
    if problems := _problems(rows):
        raise CannotOpen(f"{path} 已损坏：{problems[0]}")


def _problems(rows: Iterable[sqlite3.Row | tuple[Any, ...]]) -> list[str]:
    """quick_check answers one row "ok", or a row per problem found."""
    return [str(r[0]) for r in rows if str(r[0]) != "ok"]


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: the sqlite3 module must not open transactions behind our
    # back; we issue BEGIN IMMEDIATE ourselves.
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return conn


def _rollback(conn: sqlite3.Connection) -> None:
    """Undo a failed transaction; SQLite may already have undone it itself (disk full)."""
    try:
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if "no transaction is active" not in str(exc):
            raise


class ReadTx:
    """Queries on the reader connection (aiosqlite's thread): reads only."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        return list(await self._conn.execute_fetchall(sql, tuple(params)))

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

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
