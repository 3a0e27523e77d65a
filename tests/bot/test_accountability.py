"""Who sees which part of the plan's accounts, and what entering progress accepts."""

from datetime import date, timedelta

import pytest

from bot.domain.workflow import InvalidInput, NotAllowed
from bot.reports.progress import TO_ENTER

# 达拉特旗's 建设…农牧业科技示范基地 2个: no order measures it, the coordinator enters it.
BASE = ("farmers.4", 0)


async def _delivered(world, cast, task="farmers.3", members=None, on="2026-03-02"):
    """One order served by the agri team: 30 people, 2 hours, 3 volunteers."""
    svc = world.services.orders
    order = await world.order(cast["resident"], routed_task=task)
    await svc.dispatch(order, cast["station"])
    await svc.claim(order, cast["agency"])
    await svc.publish(order, cast["agency"])
    await svc.accept(order, cast["agri_leader"])
    await svc.propose_time(order, cast["agri_leader"], world.clock.now() + timedelta(hours=2))
    await svc.confirm_time(order, cast["resident"])
    world.clock.advance(hours=3)
    report = {"date": on, "attendance": 30, "hours": 2, "volunteers": 3}
    report["member_ids"] = members if members is not None else [cast["agri_leader"]]
    await svc.report_done(order, cast["agri_leader"], report)
    return order


def _manual(world):
    goals = world.services.accountability.manual_targets("dalad")
    return {(g.task.id, g.index): g for g in goals}


async def test_the_catalog_names_the_targets_to_enter(world):
    goals = _manual(world)
    assert BASE in goals
    assert goals[BASE].target.unit == "个" and "示范基地" in goals[BASE].target.metric
    assert ("farmers.3", 0) not in goals  # 培训场次: the orders count it


async def test_only_the_coordinator_sees_and_enters_the_plan(world, cast):
    acc = world.services.accountability
    period = acc.period("2026")
    for who in ("station", "agency", "agri_leader", "resident"):
        with pytest.raises(NotAllowed):
            await acc.progress(cast[who], "dalad", period)
        with pytest.raises(NotAllowed):
            await acc.report(cast[who], "dalad", period)
        with pytest.raises(NotAllowed):
            await acc.enter(cast[who], "dalad", BASE, 1, "建成", date(2026, 3, 1))
    with pytest.raises(NotAllowed):  # a coordinator of dalad is nobody in hanggin
        await acc.progress(cast["coordinator"], "hanggin", period)
    plan = await acc.progress(cast["coordinator"], "dalad", period)
    assert plan.plan.id == "dalad"


async def test_entered_progress_is_kept_apart_from_the_counted(world, cast):
    acc, boss = world.services.accountability, cast["coordinator"]
    await _delivered(world, cast)
    entered = await acc.enter(boss, "dalad", BASE, 2, " 新建成两个示范基地 ", date(2026, 3, 1))
    assert (entered.amount, entered.note, entered.repeated) == (2, "新建成两个示范基地", False)
    await acc.enter(boss, "dalad", BASE, -1, "更正：一个未验收", date(2026, 3, 2))
    plan = await acc.progress(boss, "dalad", acc.period("2026"))
    estation = next(g for g in plan.targets() if (g.task_id, g.index) == BASE)
    assert (estation.counted, estation.entered, estation.by_orders) == (None, 1, False)
    farmers = next(t for a in plan.actions for t in a.tasks if t.task.id == "farmers.3")
    assert (farmers.tally.sessions, farmers.tally.attendance) == (1, 30)
    assert all(g.entered == 0 for g in farmers.targets)  # nothing entered for counted ones


async def test_a_redelivered_entry_adds_nothing(world, cast):
    acc, boss = world.services.accountability, cast["coordinator"]
    first = await acc.enter(boss, "dalad", BASE, 1, "建成", date(2026, 3, 1), "msg:1:5")
    again = await acc.enter(boss, "dalad", BASE, 1, "建成", date(2026, 3, 1), "msg:1:5")
    assert (first.repeated, again.repeated) == (False, True)
    plan = await acc.progress(boss, "dalad", acc.period("2026"))
    assert next(g for g in plan.targets() if (g.task_id, g.index) == BASE).entered == 1


@pytest.mark.parametrize(
    ("goal", "amount", "note", "day", "code"),
    [
        (("farmers.3", 0), 1, "说明", date(2026, 3, 1), "target_counted"),
        (("farmers.99", 0), 1, "说明", date(2026, 3, 1), "task_unknown"),
        ((BASE[0], 9), 1, "说明", date(2026, 3, 1), "task_unknown"),
        (BASE, 0, "说明", date(2026, 3, 1), "amount_range"),
        (BASE, 2_000_000, "说明", date(2026, 3, 1), "amount_range"),
        (BASE, 1, "  ", date(2026, 3, 1), "field_empty"),
        (BASE, 1, "长" * 201, date(2026, 3, 1), "field_too_long"),
        (BASE, 1, "说明", date(2026, 3, 3), "entry_future"),
        (BASE, 1, "说明", date(2020, 12, 31), "entry_before_plan"),
    ],
)
async def test_bad_entries_are_refused_and_change_nothing(
    world, cast, goal, amount, note, day, code
):
    acc = world.services.accountability
    with pytest.raises(InvalidInput) as refused:
        await acc.enter(cast["coordinator"], "dalad", goal, amount, note, day)
    assert refused.value.code == code
    plan = await acc.progress(cast["coordinator"], "dalad", acc.period("2026"))
    assert all(g.entered == 0 for g in plan.targets())
    assert next(g for g in plan.targets() if (g.task_id, g.index) == BASE).status == TO_ENTER


async def test_an_agency_sees_the_tasks_it_leads_or_shares(world, cast):
    await _delivered(world, cast)
    acc = world.services.accountability
    (view,) = await world.services.records.agency_views(cast["agency"], acc.period("2026"))
    assert view.agency.name == "旗农牧局"
    ids = [t.task.id for t in view.tasks]
    assert "farmers.3" in ids
    agri = acc.catalog.registries["dalad"].resolve("旗农牧局")
    for task in view.tasks:  # each one names the agency, or all members share it
        names = task.task.lead + task.task.responsible
        named = [acc.catalog.registries["dalad"].resolve(n) for n in names]
        assert agri in named or task.task.all_members
    assert (view.figures.completed, view.figures.hours, view.waiting) == (1, 6.0, 0)
    assert await world.services.records.agency_views(cast["station"], acc.period("2026")) == []


async def test_a_station_sees_its_area_and_a_team_its_hours(world, cast):
    await _delivered(world, cast, members=[cast["agri_leader"], cast["agri_member"]])
    await world.order(cast["resident"])  # still waiting for the station
    records, period = world.services.records, world.services.accountability.period("2026")
    (station,) = await records.station_views(cast["station"], period)
    assert station.station.id == "dalad-shulinzhao"
    # Served and waiting for the resident's stars is still open: the station may chase it.
    assert (station.figures.completed, station.open_by_state) == (1, {"done": 1, "new": 1})
    (team,) = await world.services.records.team_views(cast["agri_member"], period)
    assert team.team.id == "dalad-agri"
    assert team.totals is not None
    assert (team.totals.services, team.totals.hours, team.totals.volunteers) == (1, 6.0, 2)
    assert sorted(m.person_id for m in team.members) == sorted(
        [cast["agri_leader"], cast["agri_member"]]
    )
    assert all(m.hours == 2 for m in team.members)
    assert await world.services.records.team_views(cast["health_leader"], period) != []
    (health,) = await world.services.records.team_views(cast["health_leader"], period)
    assert (health.totals, health.members) == (None, [])


async def test_a_volunteer_record_counts_this_year_and_all_along(world, cast):
    await _delivered(world, cast, on="2026-03-02")
    record = await world.services.records.record(cast["agri_leader"])
    assert (record.year, record.this_year.services, record.all_time.services) == (2026, 1, 1)
    assert (record.all_time.hours, record.all_time.points) == (
        2,
        2 * world.services.settings.points_per_hour,
    )
    assert [s.service_date for s in record.recent] == ["2026-03-02"]
    nobody = await world.services.records.record(cast["resident"])
    assert nobody.all_time.services == 0


async def test_certificates_for_oneself_or_by_the_coordinator(world, cast):
    acc = world.services.accountability
    await _delivered(world, cast)
    period = acc.year_to_date()
    cert, pdf = await world.services.records.certificate(cast["agri_leader"], period)
    assert pdf.startswith(b"%PDF") and cert.person_id == cast["agri_leader"]
    again, _ = await world.services.records.certificate(
        cast["coordinator"], period, cast["agri_leader"]
    )
    assert again.number == cert.number  # the same person and period: the same certificate
    with pytest.raises(NotAllowed):  # a station may not issue one
        await world.services.records.certificate(cast["station"], period, cast["agri_leader"])
    with pytest.raises(InvalidInput):  # a resident has no volunteering to certify
        await world.services.records.certificate(cast["resident"], period)
