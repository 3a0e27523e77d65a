import os
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.web.sandbox import free_port


@pytest.mark.parametrize("token", ["not-a-token", "123:short"])
def test_a_malformed_token_gets_one_clear_line(tmp_path, token):
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": token, "DATABASE_PATH": str(tmp_path / "x.db")}
    run = subprocess.run(
        [sys.executable, "-m", "bot"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert run.returncode == 2
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "BotFather" in lines[0]
    assert lines[0].startswith("TELEGRAM_BOT_TOKEN 的格式不对")  # set, but not a token
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("token", ["", "  "])
def test_no_token_starts_the_sandbox_and_prints_its_address_in_one_line(tmp_path, token):
    port = free_port()
    left_over = tmp_path / "var" / "sandbox.db"  # from an earlier start: replaced
    left_over.parent.mkdir()
    left_over.write_text("what an earlier demo left")
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": token,
        "DATABASE_PATH": str(tmp_path / "real.db"),
        "WEB_PORT": str(port),
        "PYTHONUNBUFFERED": "1",
    }
    with subprocess.Popen(
        [sys.executable, "-m", "bot"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=tmp_path,
        env=env,
    ) as bot:
        try:
            assert bot.stdout is not None
            ready, _, _ = select.select([bot.stdout], [], [], 120)
            line = bot.stdout.readline() if ready else ""  # once everyone has joined
            url = f"http://127.0.0.1:{port}/"
            assert url in line and "演示环境" in line, line
            with urllib.request.urlopen(url, timeout=10) as page:
                assert "这是演示环境" in page.read().decode()
            bot.send_signal(signal.SIGTERM)
            assert bot.wait(timeout=30) == 0
        finally:
            if bot.poll() is None:
                bot.kill()
    assert left_over.read_bytes().startswith(b"SQLite format 3")  # a new demo database
    assert not (tmp_path / "real.db").exists()  # never DATABASE_PATH


def test_the_sandbox_needs_a_web_port(tmp_path):
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "", "WEB_PORT": "0"}
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "bot"], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert run.returncode == 2 and time.monotonic() - started < 60
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "WEB_PORT" in lines[0]


def test_the_sandbox_says_so_when_its_port_is_taken(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": "", "WEB_PORT": str(port)}
        run = subprocess.run(
            [sys.executable, "-m", "bot"], capture_output=True, text=True, cwd=tmp_path, env=env
        )
    assert run.returncode == 2
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and str(port) in lines[0] and "WEB_PORT" in lines[0]
    assert not (tmp_path / "var").exists()  # nothing was started
