import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize("token", ["", "not-a-token", "123:short"])
def test_a_missing_or_malformed_token_gets_one_clear_line(tmp_path, token):
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
    assert len(lines) == 1 and "BotFather" in lines[0] and "TELEGRAM_BOT_TOKEN" in lines[0]
    assert "Traceback" not in run.stderr
