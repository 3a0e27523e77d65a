"""A start that cannot work says why in one line, exits non-zero, and never hangs.

Each case runs `python -m bot` as an operator would, with a well-formed token
and a Telegram address nobody answers at (the start must fail before it).
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Settings
from bot.services import Services

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:start_failure_token_abcdefghij"


def _run_bot(db_path: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": "http://127.0.0.1:9",  # nothing listens: never reached
        "DATABASE_PATH": str(db_path),
        "JURISDICTIONS": "dalad",
        "WEB_PORT": "0",  # no web console: several bots may run side by side here
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,  # a hang fails the test instead of the suite
    )


def _one_clear_line(run: subprocess.CompletedProcess, words: str) -> None:
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.returncode == 2, run.stderr
    assert len(lines) == 1, run.stderr
    assert words in lines[0] and "Traceback" not in run.stderr


async def _migrated(path: Path) -> None:
    settings = Settings(database_path=path, jurisdictions="dalad", _env_file=None)
    services = await Services.start(settings, with_router=False)
    await services.close()


def test_a_folder_that_cannot_be_made(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    _one_clear_line(_run_bot(blocker / "var" / "kepu.db"), "无法")


def test_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "kepu.db"
    path.write_bytes(b"this is a note, not a database" * 200)
    _one_clear_line(_run_bot(path), "不是数据库文件")


async def test_a_migration_that_fails(tmp_path):
    path = tmp_path / "kepu.db"
    await _migrated(path)
    with sqlite3.connect(path) as db:  # as if 0009 had never been recorded: re-running fails
        db.execute("DELETE FROM migrations WHERE name = '0009_plan_accountability'")
    _one_clear_line(_run_bot(path), "升级失败")


async def test_a_corrupt_database_is_refused_before_it_swallows_updates(tmp_path):
    path = tmp_path / "kepu.db"
    await _migrated(path)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = db.execute("PRAGMA page_size").fetchone()[0]
        pages = db.execute("PRAGMA page_count").fetchone()[0]
    with path.open("r+b") as raw:  # scribble over the second half of the file
        for n in range(pages // 2, pages):
            raw.seek(n * page + 16)
            raw.write(b"\xff\x00" * 40)
    run = _run_bot(path)
    _one_clear_line(run, "数据库")
    assert "已损坏" in run.stderr and "备份" in run.stderr


@pytest.mark.parametrize("command", [("admin", "status"), ("admin", "backup", "x.db")])
def test_admin_commands_on_an_unusable_database_say_so_in_one_line(tmp_path, command):
    path = tmp_path / "kepu.db"
    path.write_bytes(b"garbage" * 1000)
    args = [a if a != "x.db" else str(tmp_path / "copy.db") for a in command]
    run = _run_bot(path, *args)
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.returncode == 2 and len(lines) == 1 and "Traceback" not in run.stderr
