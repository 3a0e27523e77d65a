import pytest

from catalog.schema import Comparator, Period
from catalog.targets import extract_targets


@pytest.mark.parametrize(
    ("text", "metric", "value", "unit", "period", "comparator", "scope"),
    [
        (
            "“十四五”期间，每年开展农牧民技术培训 20场次。",
            "开展农牧民技术培训",
            20,
            "场次",
            Period.per_year,
            Comparator.equal,
            "",
        ),
        (
            "每校每学期举办科普讲座不少于 2次。",
            "举办科普讲座",
            2,
            "次",
            Period.per_term,
            Comparator.at_least,
            "每校",
        ),
        (
            "每校学期举办科普讲座不少于 2次。",
            "举办科普讲座",
            2,
            "次",
            Period.per_term,
            Comparator.at_least,
            "每校",
        ),
        (
            "到 2025年，命名科技教育示范学校 5 所。",
            "命名科技教育示范学校",
            5,
            "所",
            Period.by_end,
            Comparator.equal,
            "",
        ),
        (
            "到“十四五”末，注册科技志愿者人数达 2000人以上。",
            "注册科技志愿者人数",
            2000,
            "人",
            Period.by_end,
            Comparator.at_least,
            "",
        ),
        (
            "遴选科技示范户 1100 左右。",
            "遴选科技示范户",
            1100,
            "户",
            Period.once,
            Comparator.about,
            "",
        ),
        (
            "每年建立 1 处新品种新技术试验示范基地。",
            "建立新品种新技术试验示范基地",
            1,
            "处",
            Period.per_year,
            Comparator.equal,
            "",
        ),
    ],
)
def test_target_clauses(text, metric, value, unit, period, comparator, scope):
    (target,) = extract_targets(text)
    assert target.metric == metric
    assert target.value == value
    assert target.unit == unit
    assert target.period == period
    assert target.comparator == comparator
    assert target.scope == scope


def test_ranges_keep_both_ends():
    (target,) = extract_targets("力促每名劳动力掌握 1-2 项实用技术。")
    assert (target.value, target.value_max, target.scope) == (1, 2, "每名劳动力")


def test_lists_of_figures_split_into_targets():
    found = extract_targets(
        "“十四五”期间，创建自治区级科普教育基地10个以上、市级科普教育基地40个以上。"
    )
    assert [(t.metric, t.value) for t in found] == [
        ("创建自治区级科普教育基地", 10),
        ("市级科普教育基地", 40),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "推动“12396”农牧业科技信息服务化平台落地。",  # a number inside a name
        "到 2025年，全旗公民具备基本科学素质的比例达到 14%。",  # the plan-wide ratio
        "实施中小学教师信息技术应用能力提升工程2.0。",  # a version, no unit
    ],
)
def test_numbers_that_are_not_targets(text):
    assert extract_targets(text) == []
