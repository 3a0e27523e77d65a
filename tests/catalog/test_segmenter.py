import pytest

from catalog.generated import generate
from catalog.lexicon import load_lexicon
from catalog.loader import load_all
from catalog.segmenter import load_false_friends, make_tokenizer


@pytest.fixture(scope="module")
def generated():
    return generate(load_all(), load_lexicon())


def test_shipped_word_lists_are_current(generated):
    """Regenerate with `python -m catalog segdict` after editing the catalog or lexicon."""
    for path, text in generated.items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale"


def test_our_terms_are_kept_whole():
    tokens = make_tokenizer().lcut("村里想请兽医讲讲羊病防治")
    assert "羊病" in tokens
    assert "兽医" in tokens


@pytest.mark.parametrize(
    ("word", "false_friend"),
    [
        ("老师傅", True),  # 老 + 师傅: a skilled worker, not a teacher
        ("多少年来", True),  # 多少 + 年来: no 少年 in it
        ("施工人员", True),  # 施工 + 人员: no 工人
        ("中老年人", False),  # ends in 老年人: still old people
        ("小学生", False),  # an audience word itself
        ("学生会", False),  # 学生 + 会: a students' body keeps its students
    ],
)
def test_false_friends_hide_an_audience_word(word, false_friend):
    assert (word in load_false_friends()) is false_friend


def test_false_friends_stay_whole_in_the_tokenizer():
    assert make_tokenizer().lcut("厂里的老师傅", HMM=False) == ["厂里", "的", "老师傅"]
