"""名录 in the console: every staff member reads it; only the 科协 creates and edits."""

from bot.domain.workflow import Role
from tests.web.conftest import csrf_of

NEW_STATION = {
    "id": "dalad-xinmin",
    "name": "新民社区服务中心",
    "kind": "社区服务中心",
    "level": "村",
}


async def test_staff_read_the_directory_with_team_members(site):
    await site.person(Role.team_leader, "dalad-agri", "一队赵刚")
    browser = await site.signed_in(await site.person(Role.station, "dalad-shulinzhao"))
    page = await (await browser.get("/console/directory")).text()
    for words in (
        "树林召镇新时代文明实践所",
        "农牧业科技志愿服务队（示例）",
        "一队赵刚（队长）",
        "旗农牧局",
    ):
        assert words in page
    assert "新建阵地" not in page and "编辑" not in page


async def test_the_coordinator_creates_a_station_and_edits_a_team(site):
    browser = await site.signed_in(await site.person(Role.coordinator, "dalad"))
    assert (await browser.get("/console/directory/dalad/new/station")).status == 200
    csrf = await csrf_of(browser, "/console/directory/dalad/new/station")
    made = await browser.post(
        "/console/directory/dalad/new/station",
        data={**NEW_STATION, "parent": "dalad-shulinzhao", "csrf": csrf},
    )
    assert made.status == 200 and "已保存：新民社区服务中心" in await made.text()
    station = await site.services.directory.station("dalad-xinmin")
    assert (station.jurisdiction, station.parent_id) == ("dalad", "dalad-shulinzhao")
    edited = await browser.post(
        "/console/directory/dalad/teams/dalad-youth",
        data=[
            ("csrf", csrf),
            ("id", "ignored-an-id-does-not-change"),
            ("name", "青少年科普志愿服务队"),
            ("actions", "youth"),
            ("tasks", "informatization.1"),
            ("stations", "dalad-xinmin"),
            ("stations", "dalad-wangaizhao"),
        ],
    )
    assert "已保存：青少年科普志愿服务队" in await edited.text()
    team = next(t for t in await site.services.directory.teams("dalad") if t.id == "dalad-youth")
    assert (team.actions, team.tasks, team.stations) == (
        ["youth"],
        ["informatization.1"],
        ["dalad-wangaizhao", "dalad-xinmin"],
    )


async def test_a_bad_form_says_what_is_wrong_and_changes_nothing(site):
    browser = await site.signed_in(await site.person(Role.coordinator, "dalad"))
    csrf = await csrf_of(browser)
    for change, words in (
        ({"id": "Has Spaces"}, "编号不符合要求"),
        ({"name": ""}, "名称不能为空"),
        ({"id": "dalad-center"}, "编号 dalad-center 已被使用"),
        ({"parent": "hanggin-somewhere"}, "上级阵地不对"),
    ):
        tried = await browser.post(
            "/console/directory/dalad/new/station", data={**NEW_STATION, **change, "csrf": csrf}
        )
        assert tried.status == 400 and words in await tried.text()
    assert await site.services.directory.station("dalad-xinmin") is None
    assert (
        await site.services.directory.station("dalad-center")
    ).name == "达拉特旗新时代文明实践中心"


async def test_others_may_not_create_or_edit(site):
    for role, scope in ((Role.station, "dalad-shulinzhao"), (Role.coordinator, "hanggin")):
        browser = await site.signed_in(await site.person(role, scope))
        assert (await browser.get("/console/directory/dalad/new/station")).status == 403
        assert (await browser.get("/console/directory/dalad/stations/dalad-center")).status == 403
        csrf = await csrf_of(browser)
        tried = await browser.post(
            "/console/directory/dalad/stations/dalad-center",
            data={**NEW_STATION, "name": "改掉", "csrf": csrf},
        )
        assert tried.status == 403 and "无权限" in await tried.text()
    coordinator = await site.signed_in(await site.person(Role.coordinator, "dalad"))
    forged = await coordinator.post(
        "/console/directory/dalad/new/station", data={**NEW_STATION, "csrf": "forged"}
    )
    assert forged.status == 403
    assert (
        await site.services.directory.station("dalad-center")
    ).name == "达拉特旗新时代文明实践中心"
    assert await site.services.directory.station("dalad-xinmin") is None
