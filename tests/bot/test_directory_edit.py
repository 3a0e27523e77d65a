"""The 科协 creates and edits stations and teams; anything else is refused with a reason."""

import pytest

from bot.domain.workflow import InvalidInput, NotAllowed, Role
from bot.services.directory_forms import StationForm, TeamForm, read_form


def _station(**fields):
    return read_form(
        StationForm,
        {"id": "dalad-new", "name": "新民社区服务中心", "kind": "社区服务中心", "level": "村"}
        | fields,
    )


def _team(**fields):
    return read_form(TeamForm, {"id": "dalad-new-team", "name": "新服务队"} | fields)


async def test_the_coordinator_creates_and_edits_a_station(world):
    svc = world.services.directory
    coordinator = await world.person(Role.coordinator, "dalad")
    made = await svc.save_station(coordinator, "dalad", _station(parent="dalad-shulinzhao"), True)
    assert (await svc.station("dalad-new")) == made
    await svc.save_station(coordinator, "dalad", _station(name="新民社区党群服务中心"), False)
    edited = await svc.station("dalad-new")
    assert (edited.name, edited.parent_id) == ("新民社区党群服务中心", None)


async def test_the_coordinator_creates_and_edits_a_team_and_keeps_its_members(world):
    svc = world.services.directory
    coordinator = await world.person(Role.coordinator, "dalad")
    await svc.save_team(coordinator, "dalad", _team(actions=["youth"]), True)
    leader = await world.person(Role.team_leader, "dalad-new-team", "队长甲")
    form = _team(name="新青少年服务队", tasks=["elderly.1"], stations=["dalad-wangaizhao"])
    await svc.save_team(coordinator, "dalad", form, False)
    team = next(t for t in await svc.teams("dalad") if t.id == "dalad-new-team")
    assert (team.name, team.actions, team.tasks, team.stations) == (
        "新青少年服务队",
        [],
        ["elderly.1"],
        ["dalad-wangaizhao"],
    )
    members = await svc.members("dalad")
    assert [(m.person_id, m.name) for m in members["dalad-new-team"]] == [(leader, "队长甲")]


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        (Role.station, "dalad-shulinzhao"),
        (Role.team_leader, "dalad-agri"),
        (Role.coordinator, "hanggin"),
        (None, None),
    ],
)
async def test_only_the_jurisdictions_coordinator_may(world, role, scope):
    someone = await world.person(role, scope)
    with pytest.raises(NotAllowed):
        await world.services.directory.save_station(someone, "dalad", _station(), True)
    with pytest.raises(NotAllowed):
        await world.services.directory.save_team(someone, "dalad", _team(), True)
    assert await world.services.directory.station("dalad-new") is None


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"id": "Bad Id"}, "编号不符合要求：只能用小写字母"),
        ({"name": "  "}, "名称不能为空"),
        ({"name": "名" * 61}, "名称太长"),
        ({"kind": "学校"}, "类型不符合要求：请从列表中选择"),
        ({"level": "省"}, "级别不符合要求"),
    ],
)
async def test_a_bad_station_form_is_refused_by_field(fields, words):
    with pytest.raises(InvalidInput, match=words):
        _station(**fields)


async def test_places_that_do_not_fit_are_refused(world):
    svc = world.services.directory
    coordinator = await world.person(Role.coordinator, "dalad")
    refusals = [
        (
            lambda: svc.save_station(coordinator, "dalad", _station(id="dalad-center"), True),
            "已被使用",
        ),
        (
            lambda: svc.save_station(coordinator, "dalad", _station(id="dalad-nowhere"), False),
            "找不到",
        ),
        (
            lambda: svc.save_station(coordinator, "dalad", _station(parent="dalad-nowhere"), True),
            "上级",
        ),
        # the centre under one of its own towns would be a circle
        (
            lambda: svc.save_station(
                coordinator,
                "dalad",
                _station(
                    id="dalad-center",
                    kind="新时代文明实践中心",
                    level="旗",
                    parent="dalad-shulinzhao",
                ),
                False,
            ),
            "上级",
        ),
        (
            lambda: svc.save_team(coordinator, "dalad", _team(tasks=["farmers.99"]), True),
            "任务不存在",
        ),
        (
            lambda: svc.save_team(coordinator, "dalad", _team(stations=["dalad-nowhere"]), True),
            "阵地不存在",
        ),
        (lambda: svc.save_team(coordinator, "dalad", _team(id="dalad-agri"), True), "已被使用"),
    ]
    for attempt, words in refusals:
        with pytest.raises(InvalidInput, match=words):
            await attempt()
    assert (await svc.station("dalad-center")).parent_id is None
    assert await svc.station("dalad-new") is None


async def test_a_team_form_takes_known_actions_only():
    with pytest.raises(InvalidInput, match="服务的行动不符合要求"):
        _team(actions=["cooking"])
    assert _team(actions=["youth", "youth"]).actions == ["youth"]
