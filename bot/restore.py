"""Putting a backup in place: only while the bot is stopped, and never over a good copy blindly.

Copying the database file alone misses what is still in its write-ahead log
(`-wal`); a backup made by `admin backup` has none. Restoring moves the present
database (with its `-wal` and `-shm`) aside under a timestamped name, so a
mistaken restore can itself be undone.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from bot.instance import running_pid
from storage.db import check_file


def restore(backup: Path, database: Path) -> Path | None:
    """Returns where the replaced database was kept (None when there was none).

    ValueError or CannotOpen (a backup that will not do) say why in one line."""
    if running_pid(database) is not None:
        raise ValueError("机器人正在运行：请先停止它，再恢复备份")
    if not backup.is_file():
        raise ValueError(f"找不到备份文件 {backup}")
    check_file(backup)
    kept = None
    if database.exists():
        kept = database.with_name(
            f"{database.name}.before-restore-{time.strftime('%Y%m%d-%H%M%S')}"
        )
        database.rename(kept)
        for suffix in ("-wal", "-shm"):
            side = database.with_name(database.name + suffix)
            if side.exists():
                side.rename(kept.with_name(kept.name + suffix))
    database.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(backup, database)
    return kept
