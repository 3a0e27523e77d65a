"""The command-line contract, run as a user would: `python -m catalog …` in a subprocess."""

import json
import subprocess
import sys

from tests.conftest import ROOT, shared_path


def run(*args, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "catalog", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_route_jsonl_contract():
    lines = [
        json.dumps({"id": "a", "jurisdiction": "dalad", "text": "村里想请人讲讲羊病防治"}),
        "this is not json",
        json.dumps({"id": "c", "jurisdiction": "atlantis", "text": "老人想学手机"}),
        json.dumps({"id": 4, "jurisdiction": "dalad", "text": "帮我交一下电费"}),
        json.dumps({"id": "e", "jurisdiction": "abag", "text": "老年人想学防范诈骗"}),
    ]
    proc = run("route", "--jsonl", stdin="\n".join(lines) + "\n")
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", None, "c", 4, "e"]
    first = out[0]
    assert set(first) == {"id", "confident", "candidates", "fallback", "reason"}
    assert first["confident"] is True and first["fallback"] is None and first["reason"] is None
    top = first["candidates"][0]
    assert set(top) == {"task", "action", "title", "lead", "responsible", "score"}
    assert (top["task"], top["action"], top["lead"]) == ("farmers.3", "farmers", ["旗农牧局"])
    assert isinstance(top["score"], float)
    assert "error" in out[1] and "error" in out[2]
    assert out[3]["confident"] is False
    assert out[3]["reason"] == "errand"
    assert out[4]["fallback"] == "阿巴嘎旗科学技术协会"


def test_route_readable():
    proc = run("route", "--jurisdiction", "dalad", "村里想请人讲讲羊病防治")
    assert proc.returncode == 0
    assert "旗农牧局" in proc.stdout
    assert "farmers.3" in proc.stdout


def test_route_readable_names_the_reason_when_not_confident():
    proc = run("route", "--jurisdiction", "abag", "出售优质种公羊，价格面议")
    assert proc.returncode == 0
    assert "commercial" in proc.stdout
    assert "像是推销或广告" in proc.stdout


def test_route_empty_text_is_an_error_not_a_crash():
    proc = run("route", "--jurisdiction", "dalad", "  ")
    assert proc.returncode == 2
    assert "不能为空" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_show_and_agencies():
    show = run("show", "hanggin")
    assert show.returncode == 0
    assert "workers.4" in show.stdout and "旗工信和科技局" in show.stdout
    agencies = run("agencies", "dalad")
    assert "旗教育体育局" in agencies.stdout and "旗教体局" in agencies.stdout
    unknown = run("show", "atlantis")
    assert unknown.returncode == 2 and "未知的旗市" in unknown.stdout


def test_bench_prints_the_figures():
    proc = run("bench", str(shared_path("data", "routing-dev.jsonl")))
    assert proc.returncode == 0
    assert "router" in proc.stdout and "fuzzy baseline" in proc.stdout
    lead1 = next(line for line in proc.stdout.splitlines() if line.startswith("lead@1"))
    assert lead1.count("%") == 2  # the router's figure and the baseline's, side by side
    for figure in (
        "lead@1",
        "action@1",
        "task@1",
        "lead@3",
        "out-of-scope refused",
        "confidently wrong",
        "median ms/query",
        "p99 ms/query",
        "start-up s",
    ):
        assert figure in proc.stdout


def test_import_writes_a_draft_and_lists_what_it_could_not_parse(tmp_path):
    out = tmp_path / "draft.yaml"
    proc = run(
        "import", str(ROOT / "tests/fixtures/plan_summary.txt"), "--id", "sample", "--out", str(out)
    )
    assert proc.returncode == 0
    assert "not parsed" in proc.stderr and "no agencies" in proc.stderr
    assert "实施教师科学素质提升工程" in out.read_text(encoding="utf-8")
