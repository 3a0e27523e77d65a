"""One bot per database: an exclusive lock on a file beside it, held while the bot runs.

Two bots on one database would both poll Telegram (each getting 409 in turn) and
both send every card. The lock is the operating system's (flock), so it is gone
the moment the process is, even after kill -9: no stale lock file to clean up.
Admin commands (backup, status, invite) do not take it; they work beside the bot.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path


class AlreadyRunning(RuntimeError):
    pass


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


class InstanceLock:
    def __init__(self, database: Path) -> None:
        self.path = lock_path(database)
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd, fcntl.LOCK_EX, attempts=5):
            other = os.read(fd, 32).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise AlreadyRunning(
                f"另一个机器人实例（进程 {other}）正在使用数据库 {self.path.with_suffix('')}，"
                "本实例不启动。一个数据库只能由一个实例使用。"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def running_pid(database: Path) -> int | None:
    """The pid of the bot holding the database's lock, or None when no bot runs on it."""
    path = lock_path(database)
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        if not _try_lock(fd, fcntl.LOCK_SH, attempts=1):
            text = os.read(fd, 32).decode(errors="replace").strip()
            return int(text) if text.isdigit() else -1
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _try_lock(fd: int, kind: int, attempts: int) -> bool:
    """A few tries: `admin status` holds a shared lock for an instant while it looks."""
    for attempt in range(attempts):
        try:
            fcntl.flock(fd, kind | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if attempt + 1 < attempts:
                time.sleep(0.2)
    return False
