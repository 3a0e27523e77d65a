"""Left alone: one instance per database, health from outside, a backup taken under load."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import sys

from tests.e2e.conftest import ROOT, eventually

CROWD = range(6100, 6160)


async def _admin(bot_process, *args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=ROOT,
        env=bot_process.env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def _answering(emulator, user_id: int) -> None:
    """The bot is up and polling: it answered this user's /help."""
    emulator.people.say(user_id, "/help")
    await eventually(lambda: emulator.messages(user_id), f"an answer to {user_id}")


async def test_a_second_instance_on_the_same_database_refuses_to_start(emulator, bot_process):
    await _answering(emulator, 6000)
    code, _, err = await _admin(bot_process)  # `python -m bot` again, same settings
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 1 and "另一个机器人实例" in lines[0]
    assert str(bot_process.process.pid) in lines[0]
    await _answering(emulator, 6001)  # the first one goes on undisturbed


async def test_status_from_outside_while_running_and_after(emulator, bot_process):
    await _answering(emulator, 6002)

    async def ticked():
        code, out, _ = await _admin(bot_process, "admin", "status", "--json")
        return json.loads(out) if code == 0 else None

    figures = None
    for _ in range(40):  # the first tick comes 3 s after the start
        figures = await ticked()
        if figures:
            break
        await asyncio.sleep(0.5)
    assert figures and figures["running"] and figures["ok"]
    assert figures["pid"] == bot_process.process.pid
    assert figures["newest_update_age_s"] is not None and figures["updates_failed"] == 0
    code, out, _ = await _admin(bot_process, "admin", "status")
    assert code == 0 and "运行中" in out and "正常" in out

    assert await bot_process.stop() == 0
    code, out, _ = await _admin(bot_process, "admin", "status")
    assert code == 1 and "未运行" in out


async def test_a_backup_under_load_restores_into_a_working_bot(
    emulator, bot_process, prepared, tmp_path
):
    db_path, _ = prepared
    await _answering(emulator, 6003)
    backup = tmp_path / "backup.db"
    for uid in CROWD:  # the load…
        emulator.people.say(uid, "/start")
    code, out, err = await _admin(bot_process, "admin", "backup", str(backup))  # …meanwhile
    assert code == 0, err
    assert "已备份" in out
    await eventually(lambda: all(emulator.messages(uid) for uid in CROWD), "every /start answered")
    with sqlite3.connect(backup) as copy:
        assert copy.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        people = copy.execute("SELECT COUNT(*) FROM persons").fetchone()[0]
    assert not os.path.exists(f"{backup}-wal")  # one self-contained file

    code, _, err = await _admin(bot_process, "admin", "restore", str(backup))
    assert code == 2 and "正在运行" in err  # never under a running bot
    assert await bot_process.stop(signal.SIGTERM) == 0
    code, out, err = await _admin(bot_process, "admin", "restore", str(backup))
    assert code == 0, err
    with sqlite3.connect(db_path) as restored:
        assert restored.execute("SELECT COUNT(*) FROM persons").fetchone()[0] == people

    await bot_process.start()  # the restored database runs a working bot
    await _answering(emulator, 6200)  # the restored bot answers


async def test_a_taken_console_port_leaves_the_bot_serving_chats(emulator, bot_process):
    """The console is a convenience: its port in use is logged, and the chats go on."""
    import socket

    await _answering(emulator, 6299)  # up, with its signal handlers in place
    assert await bot_process.stop() == 0
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        bot_process.env = {**bot_process.env, "WEB_PORT": str(taken.getsockname()[1])}
        await bot_process.start()
        await _answering(emulator, 6300)
        await eventually(
            lambda: "web console not started" in bot_process.output(), "the log to say why"
        )
        assert (
            sum("web console not started" in line for line in bot_process.output().splitlines())
            == 1
        )
    finally:
        taken.close()
