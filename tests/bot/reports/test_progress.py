"""Progress of a quarter of known completions (see conftest): every figure by hand."""

from datetime import date

import pytest

from bot.reports import build_report, plan_progress_for
from bot.reports.measures import Measure
from bot.reports.progress import BEHIND, DONE, TO_ENTER

Q1_DAYS = 90
ELAPSED = (31 + 28 + 3) / Q1_DAYS  # at the end of 3 March


def _targets(progress):
    return {(g.task_id, g.index): g for g in progress.targets()}


async def _progress(quarter, period="2026Q1"):
    services = quarter.world.services
    return await plan_progress_for(services.db, services.catalog, "dalad", period, quarter.today)


async def test_the_quarter_is_what_the_fixture_says(quarter):
    assert quarter.today == date(2026, 3, 3)
    progress = await _progress(quarter)
    assert progress.elapsed == pytest.approx(ELAPSED)


async def test_counted_targets(quarter):
    g = _targets(await _progress(quarter))
    sessions = g[("farmers.3", 0)]  # 每年开展农牧民技术培训20场次
    assert sessions.measure is Measure.sessions and sessions.by_orders
    assert sessions.scaled == pytest.approx(20 * 90 / 365)
    assert sessions.counted == 2 and sessions.achieved == 2
    assert sessions.share == pytest.approx(2 / (20 * 90 / 365))
    assert sessions.expected == pytest.approx(ELAPSED)
    assert sessions.status == BEHIND  # 2 < 4.93 × 62/90 = 3.40
    people = g[("farmers.3", 1)]  # 服务指导农牧民20000人次
    assert (people.measure, people.counted) == (Measure.people, 40 + 25)
    assert people.scaled == pytest.approx(20000 * 90 / 365)
    per_school = g[("youth.2", 1)]  # 每校每学期举办科普讲座不少于2次
    assert per_school.measure is Measure.sessions_per_place
    assert per_school.scaled == pytest.approx(2 * 2 * 90 / 365)
    assert per_school.counted == pytest.approx(3 / 2)  # 3 talks at 2 schools
    assert per_school.status == DONE
    assert "每学期目标×2" in per_school.how


async def test_entered_progress_is_kept_apart_from_counted(quarter):
    g = _targets(await _progress(quarter))
    counted = g[("farmers.3", 0)]
    assert counted.entered == 10  # shown beside the counted figure…
    assert counted.achieved == 2  # …never added to it
    named = g[("youth.2", 0)]  # 命名科技教育示范学校5所 (到2025年)
    assert named.measure is Measure.manual and not named.by_orders
    assert (named.counted, named.entered, named.achieved) == (None, 1, 1)
    assert named.scaled == 5 and named.share == pytest.approx(0.2)
    assert named.expected == 1  # the plan's years are over: the level is due in full
    assert named.status == BEHIND
    waiting = g[("farmers.3", 2)]  # 力促每名劳动力掌握1-2项实用技术
    assert (waiting.status, waiting.share) == (TO_ENTER, None)


async def test_registered_volunteers_are_entered_not_counted(quarter):
    g = _targets(await _progress(quarter))
    registered = g[("grassroots.5", 0)]  # 注册科技志愿者人数达2000人以上
    assert (registered.measure, registered.by_orders, registered.counted) == (
        Measure.manual,
        False,
        None,
    )
    assert (registered.status, registered.scaled) == (TO_ENTER, 2000)


async def test_per_task_and_per_action(quarter):
    progress = await _progress(quarter)
    tasks = {t.task.id: t for a in progress.actions for t in a.tasks}
    farmers, youth = tasks["farmers.3"].tally, tasks["youth.2"].tally
    assert (farmers.sessions, farmers.attendance, farmers.volunteer_hours, farmers.places) == (
        2,
        65,
        2 * 3 + 1.5 * 2,
        2,
    )
    assert (youth.sessions, youth.attendance, youth.volunteer_hours, youth.places) == (3, 240, 3, 2)
    assert tasks["farmers.3"].lead == "旗农牧局"
    actions = {a.key: a for a in progress.actions}
    assert (actions["farmers"].sessions, actions["youth"].attendance) == (2, 240)
    assert (progress.unassigned.sessions, progress.unassigned.attendance) == (1, 30)


async def test_a_period_without_the_completions_counts_nothing(quarter):
    g = _targets(await _progress(quarter, "2026-02"))
    assert g[("farmers.3", 0)].counted == 0
    assert g[("farmers.3", 0)].entered == 0  # entered on 3 March


async def test_the_text_summary(quarter):
    services = quarter.world.services
    report = await build_report(
        services.db, services.catalog, "dalad", "2026Q1", quarter.today, charts=False
    )
    lines = report.text.splitlines()
    assert lines[0] == "达拉特旗2026年第1季度规划进度（截至 2026-03-03，时间进度 69%）"
    assert (
        lines[1]
        == "订单计数：完成服务 6 场次，服务 335 人次，志愿服务 14 小时（其中未归入任务 1 场次）"
    )
    # farmers.2: four counted targets and 遴选示范户; farmers.3: two and 实用技术; farmers.4: three
    assert "【农牧民科学素质提升行动】2 场次、65 人次；指标 11 项：滞后 6，待填报 5" in lines
    assert "  farmers.3 开展农牧民技术培训：本期目标 4.9场次，订单计数 2（41%，应达 69%）" in lines
    assert "  farmers.3 服务指导农牧民：本期目标 4931.5人次，订单计数 65（1%，应达 69%）" in lines
    assert "  youth.2 命名科技教育示范学校：本期目标 5所，人工填报 1（20%，应达 100%）" in lines
    assert "  youth.2 命名科技教育示范学校：[填报] 1所 / 本期目标 5所（滞后）" in lines
    assert "人工填报（不计入订单统计）：" in lines
    # 12 targets nothing counts and nobody entered (注册科技志愿者人数 among them): 待填报
    # in the actions' lines too
    assert lines[-1] == "  另有 12 项指标订单无法计量，尚未填报"
