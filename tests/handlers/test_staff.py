"""Lists, details, choosing a team, the coordinator's commands and team groups, in chat."""

import pytest

from bot.domain.workflow import Role
from storage import directory
from tests.handlers.harness import (
    button_data,
    cards,
    delivered_order,
    member,
    order_id_of,
    submitted_order,
)


async def _order_id(session, services, station):
    return await order_id_of(services, cards(session, station, "新订单待派单")[-1])


async def _agency(session, services, user_id=7102):
    agency_id = services.catalog.resolve("dalad", "旗农牧局").id
    return await member(session, services, user_id, Role.agency, agency_id, "农牧局")


@pytest.fixture
async def world_done(session, services):
    """An order delivered by a team, waiting for the resident's stars."""
    done = await delivered_order(session, services)
    return done.resident, done.team, done.order_id


async def test_my_lists_orders_with_the_residents_own_buttons(session, services):
    resident = await submitted_order(session)
    await resident.send("/my")
    assert "我的订单" in resident.last_text() and "嘎查想请人讲讲羊病防治" in resident.last_text()
    labels = [label for label, _ in resident.last_buttons()]
    assert any(label.endswith("详情") for label in labels) and "取消订单" in labels
    await resident.press("取消订单")
    await resident.press("不需要了")
    await resident.send("/my")
    assert "已取消" in resident.last_text()
    assert "取消订单" not in [label for label, _ in resident.last_buttons()]


async def test_queue_and_details_for_a_station(session, services):
    station = await member(session, services, 7101, Role.station, "dalad-shulinzhao", "阵地")
    resident = await submitted_order(session)
    assert cards(session, station, "新订单待派单")  # the station was told of the new order
    await station.send("/queue")
    assert "阵地待派单" in station.last_text() and "嘎查想请人讲讲羊病防治" in station.last_text()
    await station.press("DLT-2026-000001 详情")
    assert "13812345678" in station.last_text()
    assert "派给建议部门" in station.labels()
    await station.press("🚨 标为应急（缩短时限）")
    await station.press("DLT-2026-000001 详情")
    assert station.last_text().startswith("🚨 应急 · ")
    assert "🚨 标为应急（缩短时限）" not in station.labels()

    await resident.send("/queue")  # no role: 无权限, and what a resident can do instead
    assert resident.last_text().startswith("无权限：/queue 不在您的权限内")
    assert "/order" in resident.last_text() and "/my" in resident.last_text()
    await resident.send("/my")
    await resident.press("DLT-2026-000001 详情")  # their own order: the card, no staff buttons
    assert "派给建议部门" not in resident.labels()
    stranger = session.chat(7199, "路人")
    details = button_data(resident.showing("我的订单"), "DLT-2026-000001 详情")
    await stranger.click(details)  # forged: the resident's button, from someone else
    assert session.request.calls[-1].params.get("text") == "无权限"


async def test_an_agency_publishes_to_one_chosen_team(session, services):
    async with services.db.transaction() as tx:
        await directory.upsert_team(
            tx, directory.Team("dalad-edu", "dalad", "教育科普队", ["students"], [], [])
        )
    station = await member(session, services, 7101, Role.station, "dalad-shulinzhao", "阵地")
    agency = await _agency(session, services)
    chosen = await member(session, services, 7103, Role.team_leader, "dalad-edu", "教育队")
    other = await member(session, services, 7104, Role.team_leader, "dalad-agri", "农牧队")
    await submitted_order(session)
    await station.press("派给建议部门")
    await agency.press("领单")

    next_step = cards(session, agency, "已领单")[-1]
    labels = [label for label, _ in next_step.buttons]
    assert "发布给匹配的服务队（1 支）" in labels and "指定一支服务队" in labels
    await agency.press("指定一支服务队")
    assert "请选择服务队" in agency.last_text()
    teams = agency.labels()  # the suggested team is ticked
    assert "✓ 农牧业科技志愿服务队（示例）" in teams and "教育科普队" in teams
    await agency.press("教育科普队")
    assert cards(session, chosen, "先到先得") and not cards(session, other, "先到先得")


async def test_a_rating_takes_an_optional_comment(session, services, world_done):
    resident, team, order_id = world_done
    await resident.press("评价")
    await resident.press("⭐⭐⭐⭐")
    assert "补充几句评价" in resident.last_text()
    await resident.send("/my")  # the closed order's card offers 补充评价 until one is in
    await resident.press("DLT-2026-000001 详情")
    stale_comment = resident.press_update("补充评价")  # pressed once the comment is in
    await resident.send("讲得很实用，牧民都说好")
    view = await services.orders.view(order_id, resident.user_id)
    assert view.order.rating == 4 and view.order.rating_comment == "讲得很实用，牧民都说好"
    assert "讲得很实用" in team.last_text()
    # A second comment is refused, as a repeat. Stale: no card shows 补充评价 once the
    # comment is in, so the press comes from one the chat showed before.
    await resident.feed(stale_comment)
    assert session.request.calls[-1].params.get("text", "").startswith("您已办理过这一步")


async def test_the_coordinator_invites_lists_counts_and_reassigns(session, services):
    boss = await member(session, services, 7201, Role.coordinator, "dalad", "科协")
    station = await member(session, services, 7101, Role.station, "dalad-shulinzhao", "阵地")
    await boss.send("/invite")
    assert "阵地工作人员" in boss.labels()
    await boss.press("阵地工作人员")
    assert "树林召镇新时代文明实践所" in boss.labels()
    await boss.press("树林召镇新时代文明实践所")
    text = boss.last_text()
    assert "https://t.me/kepu_bot?start=" in text
    code = text.split("/start ")[-1].strip()
    newcomer = session.chat(7202, "新同事")
    await newcomer.send(f"/start {code}")
    assert any("阵地工作人员" in c.text for c in cards(session, newcomer, "已确认"))

    await station.send("/invite")
    assert station.last_text().startswith("无权限") and "/queue" in station.last_text()
    await station.click("inv:coordinator:dalad")  # forged: a station is never offered it
    assert session.request.calls[-1].params.get("text") == "无权限"

    await boss.send("/stations")
    assert "dalad-shulinzhao" in boss.last_text()
    await boss.send("/agencies")
    assert "旗农牧局" in boss.last_text()

    await submitted_order(session)
    order_id = await _order_id(session, services, station)
    await boss.send("/stats")
    assert "待派单 1" in boss.last_text() or "新订单 1" in boss.last_text()
    await boss.send("/queue")
    await boss.press("DLT-2026-000001 详情")
    assert "改派部门" in boss.labels()
    await boss.press("改派部门")
    target = services.catalog.resolve("dalad", "旗卫生健康委员会")
    assert target is not None
    await boss.press(target.name)
    view = await services.orders.view(order_id, boss.user_id)
    assert view.order.agency_id == target.id and view.order.state == "dispatched"


async def test_only_a_linked_team_group_acts_and_dialogues_go_private(session, services):
    leader = await member(session, services, 7301, Role.team_leader, "dalad-agri", "队长")
    member_ = await member(session, services, 7302, Role.team_member, "dalad-agri", "队员")
    group, stray = leader.in_group(-5001), leader.in_group(-5002)
    await member_.in_group(-5001).send("/link")
    assert "只有服务队队长" in session.request.calls[-1].text
    await group.send("/link")
    assert "已将本群绑定" in session.request.calls[-1].text
    async with services.db.read() as tx:
        assert (await directory.get_team(tx, "dalad-agri")).group_chat_id == -5001

    station = await member(session, services, 7101, Role.station, "dalad-shulinzhao", "阵地")
    agency = await _agency(session, services)
    await submitted_order(session)
    order_id = await _order_id(session, services, station)
    await station.press("派给建议部门")
    await agency.press("领单")
    await agency.press("发布给匹配的服务队（1 支）")
    offers = [c for c in session.request.calls if c.chat_id == -5001 and "先到先得" in c.text]
    assert len(offers) == 1

    before = len(session.request.calls)
    await stray.click(button_data(offers[0], "接单"))  # forged, from an unlinked group: ignored
    await stray.send("随便说点什么")
    assert session.request.calls[before:] == []

    await member_.in_group(-5001).press("接单")
    assert (await services.orders.view(order_id, leader.user_id)).order.state == "accepted"
    await member_.in_group(-5001).press("约定时间")
    asked = [c for c in session.request.calls[-3:] if c.method == "sendMessage"]
    assert asked[-1].chat_id == member_.user_id and "约定的时间" in asked[-1].text
    await member_.send("2026-03-05 14:30")
    assert (await services.orders.view(order_id, leader.user_id)).order.proposed_at


async def test_menus_and_help_follow_the_role(session, services):
    boss = await member(session, services, 7201, Role.coordinator, "dalad", "科协")
    await boss.send("/start")
    assert "/queue" in boss.last_text()
    await boss.send("/help")
    assert "/invite" in boss.last_text() and "/stats" in boss.last_text()
    resident = session.chat(7401, "居民")
    await resident.send("/help")
    assert "/order" in resident.last_text() and "/invite" not in resident.last_text()


async def test_a_linked_group_that_becomes_a_supergroup_stays_linked(session, services):
    leader = await member(session, services, 7501, Role.team_leader, "dalad-agri", "队长")
    await leader.in_group(-6001).send("/link")
    # Telegram announces the move in the old group; the bot follows it.
    await leader.in_group(-6001).send_raw(migrate_to_chat_id=-1006001)
    async with services.db.read() as tx:
        assert (await directory.get_team(tx, "dalad-agri")).group_chat_id == -1006001


async def test_a_message_to_a_group_that_moved_follows_it_once(services):
    from storage import outbox
    from tests.handlers.harness import RecordingRequest, start_session

    async with services.db.transaction() as tx:
        await directory.link_group(tx, "dalad-agri", -6002)
        group = outbox.Address("telegram", "-6002", "group")
        await outbox.enqueue(tx, [(group, "x", {"text": "通知"}, [], None)], services.clock.now())
    request = RecordingRequest()
    groups = request.emulator.groups
    groups.create("服务队群", [7501], chat_id=-6002)
    groups.migrate(-6002, to_chat_id=-1006002)  # Telegram refuses the old id from now on
    session = await start_session(services, request=request, twin=RecordingRequest(twin=request))
    try:
        await session.application.bot_data["sender"].drain()
    finally:
        await session.application.shutdown()
    sends = [c for c in request.calls if c.method == "sendMessage" and c.text == "通知"]
    delivered = [c for c in sends if c.ok]
    assert [c.chat_id for c in delivered] == [-1006002]
    async with services.db.read() as tx:
        assert (await directory.get_team(tx, "dalad-agri")).group_chat_id == -1006002


async def test_a_long_queue_stays_within_telegrams_hundred_buttons(session, services):
    boss = await member(session, services, 7801, Role.coordinator, "dalad", "科协")
    invite = await services.people.create_invite(None, Role.station, "dalad-shulinzhao")
    await boss.send(f"/start {invite.code}")  # a coordinator who is also a station
    for _ in range(21):
        await submitted_order(session)
    sent = await boss.send("/queue")
    listing = next(s for s in sent if s.method == "sendMessage" and "待办" in s.text)
    assert listing.ok and 90 <= len(listing.buttons) <= 100
    assert "按钮只列出了前" in listing.text
