import pytest

from catalog.router import MAX_TEXT, RouteError

# (jurisdiction, request, expected action, expected task or None, expected lead)
ROUTED = [
    ("dalad", "嘎查想请人讲讲羊病防治", "farmers", "farmers.3", ["旗农牧局"]),
    ("dalad", "老年人想学用智能手机，怕被骗", "elderly", "elderly.1", ["旗民政局"]),
    ("hanggin", "老年人想学用智能手机，怕被骗", "elderly", "elderly.1", ["旗卫生健康委员会"]),
    ("dalad", "学校想请专家做一场科普讲座", "youth", None, ["旗教育体育局"]),
    ("dalad", "车间想组织工人技能比武", "workers", "workers.2", ["旗总工会"]),
    ("hanggin", "车间想组织工人技能比武", "workers", "workers.2", ["旗人力资源和社会保障局"]),
    ("dalad", "想给农民工办一次技能培训", "workers", "workers.3", ["旗总工会"]),
    ("dalad", "要建一个青少年活动中心", "infrastructure", "infrastructure.2", ["旗科学技术协会"]),
    ("wuhai", "党校想请专家给干部上一堂科学素养课", "officials", None, ["组织部"]),
    ("wuhai", "老年大学想办健康讲座", "elderly", None, ["卫健委", "民政局"]),
    ("ejinhoro", "小区想搞一次消防逃生演练", "grassroots", "grassroots.1", ["旗科协"]),
    ("abag", "牧民想学牛羊疫病防治", "farmers", None, []),
]


@pytest.mark.parametrize(("plan_id", "text", "action", "task", "lead"), ROUTED)
def test_routes_to_the_right_agency(router, plan_id, text, action, task, lead):
    result = router.route(plan_id, text)
    top = result.candidates[0]
    assert result.confident
    assert top.action == action
    assert top.lead == lead
    if task:
        assert top.task == task


def test_sheep_disease_in_a_gacha_is_farmers_not_grassroots(router):
    result = router.route("dalad", "我们嘎查想请专家来讲讲羊病怎么防")
    assert result.candidates[0].action == "farmers"


def test_abag_names_the_coordinator_as_fallback(router):
    result = router.route("abag", "老年人想学防范电信诈骗")
    assert result.confident
    assert result.candidates[0].lead == []
    assert result.fallback == "阿巴嘎旗科学技术协会"


def test_fallback_is_empty_where_the_plan_names_a_lead(router):
    assert router.route("dalad", "老年人想学防范电信诈骗").fallback is None


@pytest.mark.parametrize(
    ("plan_id", "text"),
    [
        ("dalad", "我家水管漏水了，找人来修一下"),
        ("dalad", "楼上装修噪音太吵了"),
        ("hanggin", "想申请低保"),
        ("wuhai", "你好"),
        ("wuhai", "在吗？谢谢"),
        ("ejinhoro", "qwertyuiop asdf"),
        ("ejinhoro", "😀😂👍"),
        ("abag", "👴📱"),  # emoji alone are a hint, not a request
        ("abag", "？？？"),
        ("dalad", "12345"),
        ("hanggin", "孩子发烧了怎么办"),
    ],
)
def test_out_of_scope_is_never_confident(router, plan_id, text):
    assert router.route(plan_id, text).confident is False


def test_emoji_and_english_still_give_hints(router):
    result = router.route("wuhai", "School wants a ROBOT coding class 🤖")
    assert result.confident  # words, not only emoji
    assert result.candidates[0].action == "youth"


def test_upper_case_is_folded_before_matching(router):
    # RapidFuzz 3 no longer lower-cases by default; the router must.
    lower = router.route("wuhai", "ai 科普短视频创作大赛")
    upper = router.route("wuhai", "AI 科普短视频创作大赛")
    assert lower == upper


def test_full_width_text_is_normalised(router):
    assert router.normalize("ＡＩ，机器人！") == "ai 机器人"


def test_a_typo_still_finds_the_task(router):
    result = router.route("dalad", "想办科普微视频创做大赛")
    assert result.candidates[0].task == "informatization.2"


def test_at_most_five_candidates_ranked_by_score(router):
    result = router.route("dalad", "想在学校办科技活动")
    scores = [c.score for c in result.candidates]
    assert 0 < len(scores) <= 5
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 100 for s in scores)


def test_a_tie_between_different_leads_is_left_to_a_person(router):
    # dalad's three elderly tasks have three different leads; nothing here picks one.
    result = router.route("dalad", "想请医生给老人讲讲")
    assert result.candidates[0].action == "elderly"
    assert result.confident is False


def test_deterministic(router):
    first = router.route("hanggin", "老人想学网上挂号")
    assert all(router.route("hanggin", "老人想学网上挂号") == first for _ in range(3))


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_text_is_a_clear_error(router, text):
    with pytest.raises(RouteError, match="不能为空"):
        router.route("dalad", text)


def test_text_over_the_limit_is_a_clear_error(router):
    with pytest.raises(RouteError, match=str(MAX_TEXT)):
        router.route("dalad", "讲" * (MAX_TEXT + 1))
    assert router.route("dalad", "老人想学手机" + "。" * (MAX_TEXT - 6)).candidates


def test_unknown_jurisdiction_is_a_clear_error(router):
    with pytest.raises(RouteError, match="未知的旗市"):
        router.route("nowhere", "老人想学手机")
