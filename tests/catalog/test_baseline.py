"""The naive fuzzy baseline that `bench` prints beside the router."""

import pytest

from catalog.baseline import CONFIDENT_CUTOFF, build_baseline


@pytest.fixture(scope="module")
def baseline():
    return build_baseline()


def test_a_request_in_the_plans_words_finds_its_task(baseline):
    result = baseline.route("dalad", "科学道德和学风建设宣讲")
    assert result.candidates[0].task == "tech_resources.3"
    assert result.candidates[0].lead == ["旗工信和科技局"]
    assert result.confident


def test_confident_only_from_the_cutoff(baseline):
    result = baseline.route("wuhai", "你们几点下班")
    assert all(c.score < CONFIDENT_CUTOFF for c in result.candidates)
    assert result.confident is False


def test_punctuation_alone_gives_nothing(baseline):
    result = baseline.route("abag", "？？？")
    assert result.candidates == []
    assert result.confident is False


def test_at_most_five_candidates_best_first(baseline):
    scores = [c.score for c in baseline.route("hanggin", "老人想学智能手机").candidates]
    assert 0 < len(scores) <= 5
    assert scores == sorted(scores, reverse=True)
