import pytest

from catalog.normalize import normalize, strip_invisible, strip_tones, to_simplified

# (as typed, as the router reads it)
CASES = [
    # traditional characters, including Taiwan's 著 for 着
    ("社區想請專家來講講", "社区想请专家来讲讲"),
    ("工會組織職工技能競賽", "工会组织职工技能竞赛"),
    ("牧場著火了", "牧场着火了"),
    ("著作", "著作"),  # a real 著 stays
    # simplified text passes unchanged
    ("学校想办科普讲座", "学校想办科普讲座"),
    ("乾隆", "乾隆"),
    # full-width letters, digits and punctuation become half-width
    ("ＡＩ，机器人！１２３", "ai,机器人!123"),
    # case folding: our dictionaries and rapidfuzz 3 expect lower case
    ("WeChat Robot", "wechat robot"),
    # zero-width characters, bidi marks and variation selectors split words unseen
    ("老\u200b人想学\u200d手机", "老人想学手机"),
    ("\u202e讲座\u202c\ufeff", "讲座"),
    ("⚠\ufe0f", "⚠"),
    # tone marks off Latin letters; ü is v in toneless pinyin
    ("lǎorén xiǎng xué", "laoren xiang xue"),
    ("lǜsè nǚ", "lvse nv"),
]


@pytest.mark.parametrize(("typed", "read"), CASES)
def test_normalize(typed, read):
    assert normalize(typed) == read


def test_line_breaks_and_tabs_survive_as_spacing():
    assert strip_invisible("一\n二\t三\x00四") == "一\n二\t三四"


def test_to_simplified_is_the_identity_on_simplified_text():
    text = "建立完善科技资源科普化机制，智慧助老，整合资源"
    assert to_simplified(text) == text


def test_strip_tones_leaves_chinese_alone():
    assert strip_tones("科普 kēpǔ") == "科普 kepu"
