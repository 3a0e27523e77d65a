import pytest

from catalog.pinyin import build_table, parse_table

WORDS = ["学校", "智能手机", "手机", "方案", "讲座", "科普讲座", "羊", "羊病", "老人", "想学"]


@pytest.fixture(scope="module")
def table():
    return parse_table(build_table(WORDS))


@pytest.mark.parametrize(
    ("token", "syllables"),
    [
        ("xuexiao", ["xue", "xiao"]),
        ("zhinengshouji", ["zhi", "neng", "shou", "ji"]),
        ("xian", ["xian"]),  # the fewest syllables: 先, not 西安
        ("lv", ["lv"]),
    ],
)
def test_split_into_syllables(table, token, syllables):
    assert table.split(token) == syllables


def test_equally_short_splits_spell_the_same_word(table):
    assert len(table.split("fangan")) == 2  # fang an or fan gan
    assert table.to_words(table.split("fangan")) == ["方案"]


@pytest.mark.parametrize("token", ["email", "please", "wifi", "school", "qwerty"])
def test_english_and_gibberish_are_not_pinyin(table, token):
    assert table.split(token) is None


@pytest.mark.parametrize(
    ("syllables", "words"),
    [
        (["zhi", "neng", "shou", "ji"], ["智能手机"]),  # the longer word wins over 手机
        (["lao", "ren", "xiang", "xue", "shou", "ji"], ["老人", "想学", "手机"]),
        (["ke", "pu", "jiang", "zuo"], ["科普讲座"]),
        (["yang", "bing"], ["羊病"]),
        (["yang", "rou"], ["羊"]),  # an unknown syllable drops
        (["wo", "men"], []),
    ],
)
def test_syllables_spell_table_words(table, syllables, words):
    assert table.to_words(syllables) == words


def test_abbreviations_only_where_unambiguous():
    table = parse_table(build_table(["智能手机", "科普讲座", "科普基地", "科技馆"]))
    assert table.abbreviations["znsj"] == "智能手机"
    assert "kpjz" in table.abbreviations and "kpjd" in table.abbreviations
    assert "kjg" in table.abbreviations
    both = parse_table(build_table(["科技馆", "科教馆"]))
    assert "kjg" not in both.abbreviations  # two words share the initials


def test_the_first_of_two_homophones_keeps_the_key():
    assert parse_table(build_table(["实验", "试验"])).words["shiyan"] == "实验"
    assert parse_table(build_table(["试验", "实验"])).words["shiyan"] == "试验"


def test_words_with_other_scripts_are_left_out():
    table = parse_table(build_table(["科普e站", "学校"]))
    assert set(table.words.values()) == {"学校"}
