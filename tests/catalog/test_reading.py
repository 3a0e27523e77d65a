"""What the router reads out of a request before it looks at a plan (catalog.reading)."""

import pytest

from catalog.reading import HINT_WEIGHT, SIDE_WEIGHT
from catalog.schema import ActionKey


def forms(query):
    return {f for _, fs in query.groups for f in fs}


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        # English words whole, through the lexicon's list (plurals too)
        ("AI 科普短视频", "人工智能 科普短视频"),
        ("想给kids办coding比赛", "想给 孩子 办 编程 比赛"),
        # letters inside a longer Latin word never match (the "ai" in email, paid, train)
        ("please email me the train timetable, i already paid", "请 ,"),
        # whole pinyin, with or without spaces, with tones
        ("laoren xiang xue zhineng shouji", "老人 想学 智能手机"),
        ("lao ren xiang xue zhi neng shou ji", "老人 想学 智能手机"),
        ("lǎorén xiǎng xué shǒujī", "老人 想学 手机"),
        # pinyin mixed with Chinese
        ("mumin想学养羊", "牧民 想学养羊"),
        # the initials of a long catalog word, where no other word shares them
        ("想学znsj", "想学 智能手机"),
        # a single letter inside a Chinese word belongs to it
        ("学校想建科普e站", "学校想建科普e站"),
        # gibberish drops
        ("qwrtz xkcd", ""),
    ],
)
def test_latin_is_read_whole(router, typed, read):
    assert router.normalize(typed) == read


def test_audience_words_match_whole_words_and_the_longer_word_wins(router):
    assert router.read("厂里的老师傅想搞技术比武").audience == {
        ActionKey.workers: pytest.approx(1.2)
    }
    assert ActionKey.youth not in router.read("老师傅想学安全知识").audience
    assert ActionKey.youth in router.read("学校的老师想参加培训").audience
    # a compound ending in an audience word keeps it; retired cadres are old people
    assert ActionKey.elderly in router.read("中老年人想学养生").audience
    assert set(router.read("老干部想学手机").audience) == {ActionKey.elderly}


def test_a_false_friend_lends_no_topic_either(router):
    assert "老师" not in forms(router.read("老师傅想学安全知识"))


def test_emoji_are_hints_kept_apart_from_words(router):
    query = router.read("🐑🐑生病了")
    assert "养殖" not in forms(query)
    hint_forms = {f for _, fs in query.hint_groups for f in fs}
    assert "养殖" in hint_forms
    assert all(w <= HINT_WEIGHT for w, _ in query.hint_groups)
    only = router.read("👴📱")
    assert not only.words and only.hint_audience and not only.audience


def test_side_remarks_weigh_less_than_the_sentence_that_states_the_need(router):
    text = "我家孩子在外地上学。村里种植户想请农技员讲讲玉米病虫害防治。"
    query = router.read(text)
    assert query.intent.needs == [False, True]
    assert query.audience[ActionKey.youth] == pytest.approx(SIDE_WEIGHT * 1.0)
    weights = {fs[0]: w for w, fs in query.groups}
    assert weights["病虫害"] > 2 * weights["孩子"]


def test_one_sentence_is_never_a_side_remark(router):
    query = router.read("孩子们想参加机器人比赛")
    assert query.audience[ActionKey.youth] == pytest.approx(1.0)
