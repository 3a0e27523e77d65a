import os
import subprocess
import sys

from storage import directory
from tests.conftest import ROOT


async def test_sample_data_loads_the_real_towns(world):
    async with world.services.db.read() as tx:
        stations = await directory.stations_in(tx, "dalad")
        teams = await directory.teams_in(tx, "dalad")
    names = {s.name for s in stations}
    for town in (
        "树林召镇",
        "王爱召镇",
        "白泥井镇",
        "吉格斯太镇",
        "昭君镇",
        "展旦召苏木",
        "恩格贝镇",
        "中和西镇",
        "风水梁镇",
    ):
        assert any(name.startswith(town) for name in names), town
    villages = [s for s in stations if s.level == "村"]
    assert villages and all("示例" in s.name for s in villages)
    assert all("示例" in t.name for t in teams)


def test_seed_command_prints_invites_once(tmp_path):
    env = {**os.environ, "DATABASE_PATH": str(tmp_path / "seed.db")}
    run = subprocess.run(
        [sys.executable, "-m", "bot", "seed", "--sample", "dalad", "--bot-username", "kepu_bot"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("/start ") == 4
    assert "https://t.me/kepu_bot?start=" in run.stdout
    # Each invite says, by name, whose it is and what it is for; the id stands beside.
    for line in (
        "达拉特旗（dalad）的科协管理员：统筹全旗",
        "树林召镇新时代文明实践所（dalad-shulinzhao）的阵地工作人员：审核",
        "的部门联络员：领取派给本部门的订单",
        "农牧业科技志愿服务队（示例）（dalad-agri）的服务队队长：接单",
    ):
        assert line in run.stdout, line
    assert "旗农牧局（dalad." in run.stdout and "角色 " not in run.stdout
    invite = subprocess.run(
        [sys.executable, "-m", "bot", "admin", "invite", "--role", "队员", "--scope", "dalad-agri"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert invite.returncode == 0, invite.stderr
    assert "农牧业科技志愿服务队（示例）（dalad-agri）的服务队队员" in invite.stdout
    listing = subprocess.run(
        [sys.executable, "-m", "bot", "admin", "list", "stations", "--jurisdiction", "dalad"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert "dalad-shulinzhao" in listing.stdout
    assert ROOT.exists()


async def test_the_readme_seed_example_loads(world, tmp_path):
    from bot.seed import load_seed

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### The seed file") :]
    example = section[section.index("```yaml") + len("```yaml") : section.index("```\n\n")]
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    issued = await load_seed(world.services, path)
    assert [i.scope_name for i in issued] == [
        "达拉特旗",
        "树林召镇新时代文明实践所",
        "旗农牧局",
        "农牧业科技志愿服务队",
        "农牧业科技志愿服务队",
    ]
    async with world.services.db.read() as tx:
        team = await directory.get_team(tx, "dalad-agri")
    assert team.tasks == ["grassroots.2"] and team.group_chat_id == -1001234567890
