"""Does a request ask for a science service, and if not, why not (catalog.intent)."""

import pytest

from catalog.intent import REASON_TEXTS, REASONS, reason_text, split_clauses, split_sentences

# (request, the reason it is no service request; None: it asks for a service)
CASES = [
    # sales pitches and adverts, even dressed as a talk
    ("免费养生讲座，凡到场老人送大米一袋，现场保健品特价", "commercial"),
    ("批发学生显微镜和天文望远镜，包邮", "commercial"),
    ("我这有三十头育肥牛要出售，价格面议", "commercial"),
    ("我想卖二手车", "commercial"),
    # emergencies that need a professional now
    ("快来人，厨房着火了", "emergency"),
    ("老人在院子里晕倒了，快叫救护车", "emergency"),
    ("牛突然口吐白沫抽搐，急需兽医马上过来", "emergency"),
    # paperwork and errands
    ("帮我爸补办一下社保卡", "paperwork"),
    ("残疾证去哪里办", "paperwork"),
    ("帮我交一下水费", "errand"),
    ("楼道的路灯坏了", "errand"),
    # complaints and small talk
    ("我要投诉，讲座的专家态度太差", "complaint"),
    ("楼上太吵了，晚上睡不着", "complaint"),
    ("你好，在吗", "small_talk"),
    ("谢谢你们", "small_talk"),
    # traps: the same words inside a request for a service
    ("村里年轻人想学直播卖农产品", None),  # selling is what they want to learn
    ("想请医生讲讲老人突然晕倒怎么急救", None),  # an emergency is the topic of the talk
    ("想请民警给老人讲讲怎么识别推销保健品的骗局", None),
    ("社区想办一次消防逃生演练", None),
    ("您好，学校想请专家来做一场科普讲座，谢谢", None),  # politeness around a request
]


@pytest.mark.parametrize(("text", "reason"), CASES)
def test_reason(router, text, reason):
    assert router.read(text).intent.reason == reason


def test_side_remarks_count_half():
    # One weak selling word in a side remark does not outweigh the stated need.
    text = "今年羊价钱不好，卖得便宜。嘎查牧民想请兽医来讲讲接羔。"
    from catalog.router import build_router

    intent = build_router().read(text).intent
    assert intent.reason is None
    assert intent.needs == [False, True]
    assert 0 < intent.scores["commercial"] < 2


def test_service_and_request_flags(router):
    intent = router.read("希望流动科技馆能来我们镇上").intent
    assert intent.request and not intent.service
    assert router.read("给农民工做一次职业技能培训").intent.service


@pytest.mark.parametrize("reason", REASONS)
def test_every_reason_has_a_sentence_for_the_card(reason):
    assert reason_text(reason) == REASON_TEXTS[reason]
    assert reason_text(reason)


def test_no_reason_no_sentence_and_unknown_codes_are_errors():
    assert reason_text(None) == ""
    with pytest.raises(ValueError, match="unknown reason"):
        reason_text("nonsense")


def test_reason_text_example():
    assert reason_text("commercial") == "像是推销或广告，不是科普服务需求"


def test_sentences_and_clauses():
    assert split_sentences("你好。想请专家！谢谢") == ["你好。", "想请专家！", "谢谢"]
    assert split_clauses("想请专家，讲讲羊病：最好周末") == ["想请专家", "讲讲羊病", "最好周末"]
