"""Each kind of target, from the five plans' real targets and from made-up ones."""

import pytest

from bot.reports.measures import Measure, measure_of
from catalog.loader import load_all
from catalog.schema import Period, Target


def _target(metric, unit, scope="", period=Period.per_year):
    return Target(metric=metric, value=10, unit=unit, period=period, scope=scope, quote=metric)


@pytest.fixture(scope="module")
def plans():
    return load_all(("dalad", "wuhai", "ejinhoro", "hanggin", "abag"))


def _real(plans, plan, task, metric_start):
    found = [g for g in plans[plan].task(task).targets if g.metric.startswith(metric_start)]
    assert len(found) == 1, (plan, task, metric_start)
    return found[0]


@pytest.mark.parametrize(
    ("plan", "task", "metric", "measure"),
    [
        # sessions: 场次 / 次 / 期
        ("dalad", "farmers.3", "开展农牧民技术培训", Measure.sessions),
        ("hanggin", "youth.4", "面向农村牧区", Measure.sessions),
        ("dalad", "officials.2", "安排科学素质课程", Measure.sessions),
        # per school: 每校每学期…不少于2次
        ("dalad", "youth.2", "举办科普讲座", Measure.sessions_per_place),
        ("ejinhoro", "youth.2", "举办科普讲座", Measure.sessions_per_place),
        ("hanggin", "youth.4", "至少安排科普研学", Measure.sessions_per_place),
        # people served: 人次, and 人/名 trained or served
        ("dalad", "farmers.3", "服务指导农牧民", Measure.people),
        ("ejinhoro", "workers.3", "人才培训人数", Measure.people),
        ("dalad", "farmers.2", "培训高素质农牧民", Measure.people),
        ("wuhai", "farmers.2", "完成高素质农民培训", Measure.people),
        ("hanggin", "youth.5", "培训科学教师", Measure.people),
        # volunteers
        ("dalad", "grassroots.5", "注册科技志愿者人数", Measure.manual),
        ("hanggin", "grassroots.5", "注册科普志愿者人数", Measure.manual),
        # what orders cannot measure
        ("dalad", "youth.2", "命名科技教育示范学校", Measure.manual),
        ("dalad", "youth.2", "参与活动的在校学生人数", Measure.manual),
        ("dalad", "farmers.3", "力促掌握实用技术", Measure.manual),
        ("dalad", "farmers.2", "遴选科技示范户", Measure.manual),
        ("hanggin", "farmers.4", "建设长期稳定", Measure.manual),
        ("dalad", "informatization.1", "“科普中国”APP信息员注册人数", Measure.manual),
        ("wuhai", "infrastructure.1", "努力建成科普场馆", Measure.manual),
        ("wuhai", "infrastructure.3", "创建自治区级科普教育基地", Measure.manual),
        ("dalad", "tech_resources.1", "打造", Measure.manual),
    ],
)
def test_real_targets(plans, plan, task, metric, measure):
    assert measure_of(_real(plans, plan, task, metric)) is measure


@pytest.mark.parametrize(
    ("target", "measure"),
    [
        (_target("科技志愿服务时长", "小时"), Measure.hours),
        (_target("志愿服务时长", "时"), Measure.hours),
        (_target("开展科普讲座", "场"), Measure.sessions),
        (_target("科普进校园覆盖学校", "所"), Measure.places),
        (_target("科普服务走进嘎查", "个"), Measure.places),
        (_target("建成科普e站", "所"), Measure.manual),
        (_target("建设科普服务站", "个"), Measure.manual),
        (_target("开展活动", "次", scope="每个"), Measure.sessions_per_place),
        (_target("科普志愿者", "名"), Measure.volunteers),
        (_target("群众满意率", "%"), Measure.manual),
        (_target("科普场馆面积", "平方米"), Measure.manual),
    ],
)
def test_made_up_targets_of_each_kind(target, measure):
    assert measure_of(target) is measure


def test_every_real_target_is_matched_or_left_to_enter(plans):
    counted = {m: 0 for m in Measure}
    for plan in plans.values():
        for task in plan.tasks():
            for target in task.targets:
                counted[measure_of(target)] += 1
    # Orders measure a share of the plans' figures; the rest is entered by hand.
    assert counted[Measure.sessions] >= 8 and counted[Measure.people] >= 10
    assert counted[Measure.manual] >= 20
