"""`python -m bot admin revoke`, run as an operator runs it: a process on the database."""

import os
import subprocess
import sys

import pytest

from bot.domain.workflow import Role
from storage import directory


def _admin(tmp_path, *args):
    # The world's database, opened by the command line alongside the running services,
    # as it is opened beside a running bot.
    env = {**os.environ, "DATABASE_PATH": str(tmp_path / "orders.db")}
    return subprocess.run(
        [sys.executable, "-m", "bot", "admin", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )


async def _state(world, person_id):
    """The person's roles, the revocations recorded and the messages queued."""
    async with world.services.db.read() as tx:
        grants = await directory.grants_of(tx, person_id)
        revoked = await tx.scalar("SELECT COUNT(*) FROM role_changes WHERE change = 'revoked'")
        queued = await tx.scalar("SELECT COUNT(*) FROM outbox")
    return grants, revoked, queued


@pytest.mark.parametrize("role", ["station", "阵地"])  # the chat's word works too
async def test_admin_revoke_takes_the_role_away(world, tmp_path, role):
    station = await world.person(Role.station, "dalad-shulinzhao", "小李")
    assert (await _state(world, station))[:2] == ([("station", "dalad-shulinzhao")], 0)
    run = _admin(
        tmp_path,
        "revoke",
        "--person",
        str(station),
        "--role",
        role,
        "--scope",
        "dalad-shulinzhao",
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == (
        f"已撤销 小李（{station}）的身份：树林召镇新时代文明实践所 · 阵地工作人员"
    )
    grants, revoked, _ = await _state(world, station)
    assert (grants, revoked) == ([], 1)
    assert await world.services.people.held_roles(station) == []


@pytest.mark.parametrize(
    ("role", "scope", "said"),
    [
        ("station", "dalad-nowhere", "找不到"),
        ("station", "dalad-wangaizhao", "此人没有这个身份"),
        ("team_leader", "dalad-agri", "此人没有这个身份"),
        ("agency", "nowhere", "找不到部门联络员的范围：nowhere"),
    ],
)
async def test_admin_revoke_of_a_role_not_held_says_so_and_changes_nothing(
    world, tmp_path, role, scope, said
):
    station = await world.person(Role.station, "dalad-shulinzhao", "小李")
    before = await _state(world, station)
    run = _admin(tmp_path, "revoke", "--person", str(station), "--role", role, "--scope", scope)
    assert run.returncode == 2 and run.stdout == ""
    (line,) = run.stderr.splitlines()  # one line, no traceback
    assert line.startswith("撤销失败：") and said in line, line
    assert await _state(world, station) == before


async def test_admin_revoke_of_someone_unknown_says_so(world, tmp_path):
    before = await _state(world, 424242)
    run = _admin(
        tmp_path, "revoke", "--person", "424242", "--role", "station", "--scope", "dalad-shulinzhao"
    )
    assert run.returncode == 2
    assert run.stderr.strip() == "撤销失败：此人没有这个身份（可能已被撤销）"
    assert await _state(world, 424242) == before
