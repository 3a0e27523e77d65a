"""The router's accuracy on labelled sets, through the `bench` scorer."""

import json
from pathlib import Path

from catalog.bench import Report, score_case
from tests.conftest import shared_path

HOLDOUT = Path(__file__).resolve().parent.parent / "data" / "routing-holdout.jsonl"


def _report(router, path):
    report = Report()
    for line in path.read_text(encoding="utf-8").splitlines():
        score_case(router, json.loads(line), report)
    return report


def _rate(tally):
    return tally.hits / tally.total


def _assert_targets(report):
    assert _rate(report.lead1) >= 0.95, report.misses
    assert _rate(report.action1) >= 0.95, report.misses
    assert _rate(report.lead3) >= 0.99, report.misses
    assert _rate(report.refused) >= 0.90, report.misses
    assert _rate(report.confidently_wrong) <= 0.03, report.misses


def test_dev_set_meets_the_targets(router):
    _assert_targets(_report(router, shared_path("data", "routing-dev.jsonl")))


def test_holdout_set_meets_the_targets(router):
    _assert_targets(_report(router, HOLDOUT))


def test_a_wrong_answer_counts_as_a_miss(router):
    report = Report()
    case = {
        "id": "x",
        "jurisdiction": "dalad",
        "text": "老人想学用手机",
        "actions": ["youth"],
        "tasks": ["youth.1"],
        "leads": ["旗教育体育局"],
    }
    score_case(router, case, report)
    assert (report.lead1.hits, report.action1.hits, report.task1.hits) == (0, 0, 0)
    assert report.confidently_wrong.hits == 1
    assert report.misses
