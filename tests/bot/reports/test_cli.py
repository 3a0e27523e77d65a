"""`python -m bot report`: the workbook, the charts and the text, or a clear refusal."""

import io

import openpyxl
import pytest

from bot import cli
from bot.domain.clock import FakeClock


@pytest.fixture
def run(quarter, monkeypatch):
    """The command line against the quarter's database, on its clock."""
    services = quarter.world.services

    async def with_services(work):
        return await work(services)

    monkeypatch.setattr(cli, "_with_services", with_services)
    assert isinstance(services.clock, FakeClock)
    return cli.main


def test_report_writes_workbook_and_charts(run, tmp_path, capsys):
    out, png = tmp_path / "report.xlsx", tmp_path / "png"
    code = run(
        [
            "report",
            "--jurisdiction",
            "dalad",
            "--period",
            "2026Q1",
            "--out",
            str(out),
            "--png",
            str(png),
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert printed.startswith("达拉特旗2026年第1季度规划进度（截至 2026-03-03")
    assert f"工作簿已写入 {out}" in printed
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    assert book["完成情况"].max_row == 7
    assert sorted(p.name for p in png.iterdir()) == ["monthly.png", "progress.png", "response.png"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--jurisdiction", "dalad", "--period", "明年"], "无法生成报表：无法识别的时间段：明年"),
        (["--jurisdiction", "nowhere", "--period", "2026"], "无法生成报表：未启用的旗市：nowhere"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(run, tmp_path, capsys, args, says):
    out = tmp_path / "r.xlsx"
    assert run(["report", *args, "--out", str(out)]) == 2
    assert says in capsys.readouterr().err
    assert not out.exists()
