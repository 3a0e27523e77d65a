"""Station, agency and teams act on order cards through the real Application."""

from storage import directory
from tests.handlers.harness import button_data, order_id_of
from tests.handlers.harness import cards as _cards
from tests.handlers.harness import member as _member
from tests.handlers.harness import submitted_order as _submitted_order


async def test_station_agency_and_two_racing_teams(session, services):
    from bot.domain.workflow import Role

    async with services.db.transaction() as tx:
        await directory.upsert_team(
            tx, directory.Team("dalad-agri2", "dalad", "第二农牧服务队", ["farmers"], [], [])
        )
    agency_id = services.catalog.resolve("dalad", "旗农牧局").id
    station = await _member(session, services, 6101, Role.station, "dalad-shulinzhao", "阵地")
    agency = await _member(session, services, 6102, Role.agency, agency_id, "农牧局")
    team1 = await _member(session, services, 6103, Role.team_leader, "dalad-agri", "一队")
    team2 = await _member(session, services, 6104, Role.team_leader, "dalad-agri2", "二队")
    outsider = session.chat(6105, "路人")

    resident = await _submitted_order(session)
    card = _cards(session, station, "新订单待派单")[-1]
    assert "嘎查想请人讲讲羊病防治" in card.text and "13812345678" in card.text
    # Not this station's operator: the station's button, sent by someone never shown it.
    await outsider.click(button_data(card, "派给建议部门"))
    assert session.request.calls[-1].params.get("text") == "无权限"

    await station.press("派给建议部门")
    agency_card = _cards(session, agency, "请领单")[-1]
    assert "138****5678" in agency_card.text  # the agency sees only a mask
    await agency.press("领单")
    await agency.press("发布给匹配的服务队（2 支）")
    assert _cards(session, team1, "先到先得") and _cards(session, team2, "先到先得")
    # Pressed again while the offer is out: said to be done, and no team gets it twice.
    again = await agency.press("发布给匹配的服务队（2 支）")
    assert agency.answers(again) == ["您已办理过这一步：DLT-2026-000001 当前待接单"]
    assert len(_cards(session, team1, "先到先得")) == len(_cards(session, team2, "先到先得")) == 1

    late = team2.press_update("接单")  # team 2 presses too, before its card is edited
    await team1.press("接单")
    await session.feed(late, team2.user_id)
    assert session.request.calls[-1].params.get("text") == "已被其他队伍接单"
    teams = {team1.user_id, team2.user_id}  # the offer copies (other cards are redrawn too)
    edits = [
        c for c in session.request.calls if c.method == "editMessageText" and c.chat_id in teams
    ]
    assert {c.chat_id for c in edits} >= {team2.user_id}
    assert all("已由「农牧业科技志愿服务队（示例）」接单" in c.text for c in edits)
    told = _cards(session, resident, "服务队已接单")
    assert told and "服务队：农牧业科技志愿服务队（示例）" in told[-1].text  # who is coming


async def test_reject_with_a_preset_reason_tells_the_resident(session, services):
    from bot.domain.workflow import Role

    station = await _member(session, services, 6201, Role.station, "dalad-shulinzhao", "阵地")
    resident = await _submitted_order(session)
    await station.press("不予受理")
    assert "请选择原因" in station.last_text()
    await station.press("不属于科普服务")
    assert "不属于科普服务" in resident.last_text()


async def test_random_and_forged_callback_data_is_refused(session, services):
    chat = session.chat(6301)
    cases = {
        "o:dispatch:999999": "订单不存在或已失效",
        "garbage": "操作已失效",
        "o:drop_table:1": "操作已失效",
        "o:claim:1:" + "x" * 40: "操作已失效",
        "\x00\xff": "操作已失效",
    }
    for data, answer in cases.items():
        await chat.click(data)  # forged: data no button ever carried
        reply = session.request.calls[-1]
        assert reply.method == "answerCallbackQuery"
        assert reply.params.get("text") == answer
    async with services.db.read() as tx:
        assert await tx.scalar("SELECT COUNT(*) FROM order_events") == 0


async def test_time_report_and_rating_close_the_order(session, services):
    from bot.domain.workflow import Role

    agency_id = services.catalog.resolve("dalad", "旗农牧局").id
    station = await _member(session, services, 6401, Role.station, "dalad-shulinzhao", "阵地")
    agency = await _member(session, services, 6402, Role.agency, agency_id, "农牧局")
    team = await _member(session, services, 6403, Role.team_leader, "dalad-agri", "一队")
    resident = await _submitted_order(session)
    order_id = await order_id_of(services, _cards(session, station, "新订单待派单")[-1])
    await station.press("派给建议部门")
    await agency.press("领单")
    await agency.press("发布给匹配的服务队（1 支）")
    await team.press("接单")
    assert "138****5678" in _cards(session, team, "先到先得")[-1].text  # not yet theirs
    assert (await services.orders.view(order_id, team.user_id)).phone == "13812345678"

    await team.press("约定时间")
    await team.send("2026-03-05")
    assert "请写上几点" in team.last_text()  # a day alone is no time: the hour is asked for
    await team.send("2026-03-05 14:30")
    proposal = _cards(session, resident, "服务队提议的时间")[-1]
    assert "2026-03-05 14:30" in proposal.text  # shown in local time, as typed
    await resident.press("确认时间")

    services.clock.advance(days=3)
    await team.press("报告完成")
    assert "服务日期" in team.last_text()
    await team.send("今天")
    await team.send("35")
    await team.send("两个小时")
    assert "合适的数字" in team.last_text()
    await team.send("2")
    await team.send("4")
    await team.send_raw(
        photo=[{"file_id": "photo-1", "file_unique_id": "p1", "width": 10, "height": 10}]
    )
    assert "1 张" in team.last_text()
    await team.send("讲了羊的常见病和防治办法")
    rate_card = _cards(session, resident, "请为本次服务打分")[-1]
    assert "评价" in [label for label, _ in rate_card.buttons]
    await resident.press("评价")
    await resident.press("⭐⭐⭐⭐⭐")
    view = await services.orders.view(order_id, resident.user_id)
    assert view.order.state == "closed" and view.order.rating == 5
    assert view.order.report["photos"] == ["photo-1"] and view.order.report["attendance"] == 35


async def test_a_teammate_pressing_an_old_offer_hears_the_team_has_it(session, services):
    from bot.domain.workflow import Role

    agency_id = services.catalog.resolve("dalad", "旗农牧局").id
    station = await _member(session, services, 6501, Role.station, "dalad-shulinzhao", "阵地")
    agency = await _member(session, services, 6502, Role.agency, agency_id, "农牧局")
    leader = await _member(session, services, 6503, Role.team_leader, "dalad-agri", "队长")
    teammate = await _member(session, services, 6504, Role.team_member, "dalad-agri", "队员")
    await _submitted_order(session)
    await station.press("派给建议部门")
    await agency.press("领单")
    await agency.press("发布给匹配的服务队（1 支）")
    old_card = teammate.press_update("接单")  # pressed before the edit reached the teammate
    again = leader.press_update("接单")  # and the leader taps twice

    sent = await leader.press("接单")
    assert leader.answers(sent) == ["已办理：DLT-2026-000001 已接单"]
    sent = await session.feed(old_card, teammate.user_id)
    assert teammate.answers(sent) == ["您的队伍已接单"]
    sent = await session.feed(again, leader.user_id)
    assert leader.answers(sent) == ["您的队伍已接单"]
    offer = teammate.showing("已由「农牧业科技志愿服务队（示例）」接单")  # the card, edited
    assert offer.rows == []
