"""A team's group is not the team: it never sees the phone, and it cannot be taken over."""

from bot.domain.workflow import Role
from storage import directory
from tests.handlers.harness import button_data, cards, member, submitted_order

GROUP = -5101


async def _to_accepted(session, services, taker):
    station = await member(session, services, 7501, Role.station, "dalad-shulinzhao", "阵地")
    agency_id = services.catalog.resolve("dalad", "旗农牧局").id
    agency = await member(session, services, 7502, Role.agency, agency_id, "农牧局")
    resident = await submitted_order(session)
    await station.press("派给建议部门")
    await agency.press("领单")
    await agency.press("发布给匹配的服务队（1 支）")
    await taker.press("接单")
    return resident


async def test_the_group_card_masks_the_phone_and_members_see_it_in_private(session, services):
    leader = await member(session, services, 7503, Role.team_leader, "dalad-agri", "队长")
    await leader.in_group(GROUP).send("/link")
    await _to_accepted(session, services, leader.in_group(GROUP))

    in_group = [c.text for c in session.request.calls if c.chat_id == GROUP and c.text]
    accepted = [t for t in in_group if "接单成功" in t]
    assert accepted and all("138****5678" in t for t in accepted)
    assert not any("13812345678" in t for t in in_group)
    private = [t for t in (c.text for c in cards(session, leader, "接单成功"))]
    assert private and "13812345678" in private[-1]


async def test_a_group_linked_to_one_team_is_not_taken_over_by_another(session, services):
    first = await member(session, services, 7504, Role.team_leader, "dalad-agri", "一队长")
    second = await member(session, services, 7505, Role.team_leader, "dalad-health", "二队长")
    await first.in_group(GROUP).send("/link")
    await second.in_group(GROUP).send("/link")
    refused = session.request.calls[-2:]
    assert any("本群已绑定为「农牧业科技志愿服务队（示例）」" in c.text for c in refused)
    told = [c.text for c in session.request.calls if c.chat_id == first.user_id]
    assert any("二队长" in t and "已被拒绝" in t for t in told)
    async with services.db.read() as tx:
        assert (await directory.team_for_group(tx, GROUP)).id == "dalad-agri"


async def test_the_leader_of_both_teams_may_move_the_group_and_the_old_team_is_told(
    session, services
):
    both = await member(session, services, 7506, Role.team_leader, "dalad-agri", "两队队长")
    invite = await services.people.create_invite(None, Role.team_leader, "dalad-health")
    await both.send(f"/start {invite.code}")
    other = await member(session, services, 7507, Role.team_leader, "dalad-agri", "一队副队长")
    await both.in_group(GROUP).send("/link")
    await both.in_group(GROUP).press("农牧业科技志愿服务队（示例）")
    await both.in_group(GROUP).send("/link")
    await both.in_group(GROUP).press("健康科普志愿服务队（示例）")
    async with services.db.read() as tx:
        assert (await directory.team_for_group(tx, GROUP)).id == "dalad-health"
    told = [c.text for c in session.request.calls if c.chat_id == other.user_id]
    assert any("已改绑为「健康科普志愿服务队（示例）」" in t for t in told)


async def test_a_revoked_team_member_is_refused_and_sees_no_new_phone(session, services):
    leader = await member(session, services, 7508, Role.team_leader, "dalad-agri", "队长")
    helper = await member(session, services, 7509, Role.team_member, "dalad-agri", "队员")
    boss = await member(session, services, 7510, Role.coordinator, "dalad", "科协")
    revoked = await services.people.revoke(
        boss.user_id, helper.user_id, Role.team_member, "dalad-agri"
    )
    assert revoked.place == "农牧业科技志愿服务队（示例）" and revoked.role is Role.team_member
    await session.application.bot_data["sender"].drain()
    assert "已被科协撤销" in helper.last_text()
    await _to_accepted(session, services, leader)
    assert not cards(session, helper, "先到先得") and not cards(session, helper, "接单成功")
    agreed = cards(session, leader, "接单成功")[-1]
    await helper.click(button_data(agreed, "约定时间"))  # forged: the leader's button
    assert session.request.calls[-1].params.get("text") == "无权限"
    async with services.db.read() as tx:
        changes = await tx.fetchall(
            "SELECT change, by_person FROM role_changes WHERE person_id = ? ORDER BY id",
            (helper.user_id,),
        )
    assert [(c["change"], c["by_person"]) for c in changes] == [
        ("granted", None),
        ("revoked", boss.user_id),
    ]
