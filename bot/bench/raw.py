"""The bare statements, as a yardstick: what the workflow would cost with no layers at all.

The workflow benchmark records every statement our services send to SQLite
(with their parameters and transaction boundaries) and this module replays
them, in order, with the standard `sqlite3` module on a copy of the database
as it was before the run: one connection, the same pragmas, no services, no
thread hops, no locks. Our figure divided by this one is what our layers cost;
both come from the same process and run, so a noisy machine slows both alike.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

from storage.db import BUSY_TIMEOUT_MS, Trace


def snapshot(live: sqlite3.Connection | None, source: Path, target: Path) -> None:
    """Copy the database file once everything is checkpointed into it."""
    if live is not None:
        live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(source, target)


def replay(path: Path, trace: Trace, synchronous: str = "NORMAL") -> float:
    """Run the recorded statements on `path`; returns the seconds they took."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in (
        f"busy_timeout={BUSY_TIMEOUT_MS}",
        "journal_mode=WAL",
        f"synchronous={synchronous}",
        "foreign_keys=ON",
    ):
        conn.execute(f"PRAGMA {pragma}")
    started = time.perf_counter()
    for kind, sql, params in trace:
        if kind == "executemany":
            conn.executemany(sql, params)
        elif kind == "fetchall":
            conn.execute(sql, params).fetchall()
        else:
            conn.execute(sql, params)
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed
