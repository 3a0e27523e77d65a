import asyncio
import contextlib
import sqlite3
from contextlib import asynccontextmanager

import pytest

from storage.db import CannotOpen, Database, Tx, check_file
from storage.migrations import MIGRATIONS, migrate, open_database


async def _table(db):
    async with db.transaction() as tx:
        await tx.execute("CREATE TABLE IF NOT EXISTS t (v TEXT)")


async def test_pragmas_are_set_and_checked(tmp_path):
    db = await Database(tmp_path / "a.db").open()
    async with db.read() as tx:
        assert await tx.scalar("PRAGMA journal_mode") == "wal"
        assert await tx.scalar("PRAGMA synchronous") == 1  # NORMAL
        assert await tx.scalar("PRAGMA foreign_keys") == 1
        assert await tx.scalar("PRAGMA busy_timeout") >= 5000
    await db.close()


async def test_transaction_commits_and_rolls_back(tmp_path):
    db = await Database(tmp_path / "a.db").open()
    await _table(db)
    async with db.transaction() as tx:
        await tx.execute("INSERT INTO t VALUES ('kept')")
    with pytest.raises(RuntimeError):
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO t VALUES ('lost')")
            raise RuntimeError("boom")
    async with db.read() as tx:
        assert [r[0] for r in await tx.fetchall("SELECT v FROM t")] == ["kept"]
    await db.close()


async def _interleave(db):
    """A writes, B writes, A fails and rolls back, B commits: what survives?"""
    await _table(db)
    a_wrote, b_wrote, a_done = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def a():
        with pytest.raises(RuntimeError):
            async with db.transaction() as tx:
                await tx.execute("INSERT INTO t VALUES ('a')")
                a_wrote.set()
                # With the lock B cannot start yet, so this wait times out.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(b_wrote.wait(), 0.3)
                raise RuntimeError("a fails")
        a_done.set()

    async def b():
        if db.interleaves:
            await a_wrote.wait()
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO t VALUES ('b')")
            b_wrote.set()
            if db.interleaves:
                await a_done.wait()

    await asyncio.gather(a(), b())
    async with db.read() as tx:
        return [r[0] for r in await tx.fetchall("SELECT v FROM t")]


class LocklessDatabase(Database):
    """The same connection without the lock: what the lock prevents."""

    interleaves = True

    @asynccontextmanager
    async def transaction(self):
        with contextlib.suppress(sqlite3.OperationalError):
            self.conn.execute("BEGIN IMMEDIATE")  # fails inside A's transaction
        try:
            yield Tx(self.conn)
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            with contextlib.suppress(sqlite3.OperationalError):
                self.conn.execute("COMMIT")  # "no transaction": B believes it committed

    @asynccontextmanager
    async def read(self):
        yield Tx(self.conn)


async def test_without_the_lock_a_rollback_undoes_anothers_write(tmp_path):
    db = await LocklessDatabase(tmp_path / "a.db").open()
    assert await _interleave(db) == []  # B's "committed" row was rolled back with A's
    await db.close()


async def test_with_the_lock_a_rollback_never_touches_anothers_write(tmp_path):
    db = await Database(tmp_path / "a.db").open()
    db.interleaves = False
    assert await _interleave(db) == ["b"]
    await db.close()


async def test_migrations_apply_once_and_record_themselves(tmp_path):
    db = await open_database(tmp_path / "m.db")
    assert await migrate(db) == []  # re-running is a no-op
    async with db.read() as tx:
        names = [r[0] for r in await tx.fetchall("SELECT name FROM migrations ORDER BY name")]
    assert names == [name for name, _ in MIGRATIONS]
    await db.close()


async def test_a_failing_migration_leaves_no_trace(tmp_path, monkeypatch):
    db = await Database(tmp_path / "f.db").open()
    broken = [*MIGRATIONS, ("9999_broken", ("CREATE TABLE half (x)", "THIS IS NOT SQL"))]
    monkeypatch.setattr("storage.migrations.MIGRATIONS", broken)
    with pytest.raises(sqlite3.OperationalError):
        await migrate(db)
    async with db.read() as tx:
        assert await tx.scalar("SELECT 1 FROM migrations WHERE name = '9999_broken'") is None
        assert await tx.scalar("SELECT 1 FROM sqlite_master WHERE name = 'half'") is None
        assert await tx.scalar("SELECT COUNT(*) FROM migrations") == len(MIGRATIONS)
    await db.close()


async def test_a_backup_is_checked_read_only_and_refused_with_one_line(tmp_path):
    good = tmp_path / "good.db"
    db = await open_database(tmp_path / "live.db")
    await db.backup(good)
    await db.close()
    before = good.read_bytes()
    check_file(good)  # a sound copy passes…
    assert good.read_bytes() == before  # …and is left exactly as written
    assert not good.with_name("good.db-wal").exists()
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"a note, not a database" * 100)
    with pytest.raises(CannotOpen, match="不是可用的数据库"):
        check_file(bad)
    with pytest.raises(CannotOpen, match="不是可用的数据库"):
        check_file(tmp_path / "absent.db")  # read-only: nothing is created
    assert not (tmp_path / "absent.db").exists()
