"""The project's Bot API emulator served on 127.0.0.1, and the bot run as its own process
against it."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.domain.workflow import Role
from bot.seed import load_seed, sample_path
from bot.services import Services
from handlers.telegram.emulator import BotIdentity, Emulator, EmulatorServer, RateLimits
from storage import directory

TOKEN = "123456:E2E_token_for_the_local_emulator"
ROOT = Path(__file__).resolve().parents[2]


# Telegram's limits with room for what a test does that people do not:
# - a private chat may take a long burst: the test types and presses as fast as the bot
#   answers, and the bot's direct replies are not paced per chat (the outbox is;
#   tests/handlers/test_pacing.py);
# - twice the overall rate: the emulator counts requests when they reach it, inside the
#   test's own busy event loop, so sends the bot spaced at 30 a second can arrive bunched.
LIMITS = RateLimits(private_burst=50, overall_per_second=60)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def emulator_server():
    bot = BotIdentity(424242, "科普", "kepu_emulated_bot")
    emulator = Emulator(TOKEN, bot=bot, limits=LIMITS)
    server = EmulatorServer(emulator)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def emulator(emulator_server):
    return emulator_server.emulator


class BotProcess:
    """`python -m bot`, started, stopped and killed as an operator would."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.log = log
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", cwd=ROOT, env=self.env, stdout=out, stderr=out
            )

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(sig)
        code = await asyncio.wait_for(self.process.wait(), 30)
        self.process = None
        return code

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
async def prepared(tmp_path):
    """A database with the dalad sample, a second farming team, and invites for the cast."""
    db_path = tmp_path / "bot.db"
    settings = Settings(database_path=db_path, jurisdictions="dalad", _env_file=None)
    services = await Services.start(settings, with_router=False)
    codes: dict[str, str] = {}
    try:
        await load_seed(services, sample_path("dalad"))
        async with services.db.transaction() as tx:
            team = directory.Team("dalad-agri2", "dalad", "第二农牧服务队", ["farmers"], [], [])
            await directory.upsert_team(tx, team)
        agency = services.catalog.resolve("dalad", "旗农牧局")
        assert agency is not None
        cast = {
            "station": (Role.station, "dalad-shulinzhao"),
            "agency": (Role.agency, agency.id),
            "team1": (Role.team_leader, "dalad-agri"),
            "team2": (Role.team_leader, "dalad-agri2"),
        }
        for name, (role, scope) in cast.items():
            codes[name] = (await services.people.create_invite(None, role, scope)).code
    finally:
        await services.close()
    return db_path, codes


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so a fixture can tell that the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
async def bot_process(emulator_server, prepared, tmp_path, request):
    db_path, _ = prepared
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": emulator_server.base_url,
        "DATABASE_PATH": str(db_path),
        "JURISDICTIONS": "dalad",
        "PYTHONUNBUFFERED": "1",
        # Its web channel on a port of its own: 8080 may be taken (another bot, a sandbox).
        "WEB_PORT": str(free_port()),
    }
    process = BotProcess(env, tmp_path / "bot.log")
    await process.start()
    yield process
    if process.process is not None:
        await process.stop(signal.SIGKILL)
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:  # the bot's side of the story, for the failure
        print("---- bot log (last 80 lines) ----")
        print("\n".join(process.output().splitlines()[-80:]))


async def eventually(check: Callable[[], Any], what: str, timeout: float = 60.0) -> Any:
    """Wait (polling) until `check()` gives something truthy; fail naming `what`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for: {what}")
