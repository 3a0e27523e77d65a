"""Cards say what happened: the report, the stars, a decline, and a change made meanwhile."""

from bot.domain.workflow import Role
from tests.handlers.harness import cards, member, order_id_of, scheduled_order, submitted_order


async def _with_staff(session, services):
    station = await member(session, services, 8501, Role.station, "dalad-shulinzhao", "阵地")
    agency_id = services.catalog.resolve("dalad", "旗农牧局").id
    agency = await member(session, services, 8502, Role.agency, agency_id, "农牧局")
    team = await member(session, services, 8503, Role.team_leader, "dalad-agri", "一队")
    return station, agency, team


async def test_the_done_card_shows_the_report_and_the_rated_card_the_stars(session, services):
    station, agency, team = await _with_staff(session, services)
    resident = await submitted_order(session)
    await station.press("派给建议部门")
    await agency.press("领单")
    await agency.press("发布给匹配的服务队（1 支）")
    await team.press("接单")
    await team.press("约定时间")
    await team.send("明天上午10点")
    await resident.press("确认时间")
    services.clock.advance(days=2)
    await team.press("报告完成")
    for answer in ("昨天", "35", "2.5", "4"):
        await team.send(answer)
    await team.send_raw(photo=[{"file_id": "f1", "file_unique_id": "u1", "width": 1, "height": 1}])
    await team.send("讲了羊的常见病和防治办法")

    report = "服务报告：2026-03-03（周二），参加 35 人，2.5 小时，志愿者 4 人，附照片 1 张"
    for chat in (station, agency):
        card = cards(session, chat, "服务已完成")[-1].text
        assert report in card
        assert "小结：「讲了羊的常见病和防治办法」" in card
    await resident.press("评价")
    await resident.press("⭐⭐⭐⭐")
    rated = cards(session, team, "居民已评价")[-1].text
    assert "居民评价：⭐⭐⭐⭐（4 星）" in rated
    await resident.send("讲得很实用")
    said = cards(session, team, "居民的评价")[-1].text
    assert "居民评价：⭐⭐⭐⭐（4 星）「讲得很实用」" in said


async def test_a_decline_is_told_to_the_resident_and_the_decliner_comes_last(session, services):
    station, agency, _ = await _with_staff(session, services)
    resident = await submitted_order(session)
    await station.press("派给建议部门")
    await agency.press("退回阵地")
    await agency.press("不属于本部门职责")
    told = cards(session, resident, "部门暂未受理")[-1].text
    assert told.startswith("部门暂未受理（原因：不属于本部门职责），阵地正在重新派单")

    await station.press("选择其他部门")
    choices = station.labels()
    assert choices[0] != "旗农牧局" and choices[-1] == "旗农牧局（曾退回）"
    await station.press("派给建议部门")  # on the 退回 card: the next suggestion, not 农牧局
    view = await services.orders.view(1, station.user_id)
    farm = services.catalog.resolve("dalad", "旗农牧局").id
    assert view.order.state == "dispatched" and view.order.agency_id != farm
    again = cards(session, resident, "阵地已派单给相关部门")[-1].text
    assert services.catalog.agency(view.order.agency_id).name in again


async def test_a_card_drawn_after_a_later_change_shows_the_state_at_sending(session, services):
    station, agency, _ = await _with_staff(session, services)
    resident = await submitted_order(session)
    order_id = 1
    # Both steps are taken before the sender gets to the resident's first card.
    await services.orders.dispatch(order_id, station.user_id)
    await services.orders.claim(order_id, agency.user_id)
    await session.application.bot_data["sender"].drain()
    card = cards(session, resident, "阵地已派单给相关部门")[-1].text
    assert "DLT-2026-000001 · 待接单" in card and "订单又有了新进展" in card
    latest = cards(session, resident, "部门已领单")[-1].text
    assert "新进展" not in latest  # the card of the latest step needs no such word


async def test_a_card_already_out_is_redrawn_when_the_order_moves_elsewhere(session, services):
    """A step taken outside this chat (the web console, the command line, a colleague) still
    updates the card in place: its state as it is now, and only the buttons that still work."""
    station = await member(session, services, 7951, Role.station, "dalad-shulinzhao", "阵地")
    await submitted_order(session)
    card = station.showing("新订单待派单")
    assert "派给建议部门" in [label for row in card.rows for label, _ in row]
    order_id = await order_id_of(services, card)
    await services.orders.dispatch(order_id, station.user_id)  # not through this card
    await session.application.bot_data["sender"].drain()
    card = station.showing("新订单待派单")  # the same message, edited
    assert card.text.splitlines()[0] == "📥 新订单待派单（现在：待领单）"
    assert "DLT-2026-000001 · 待领单" in card.text
    assert card.rows == [] or all("派" not in label for row in card.rows for label, _ in row)


async def test_the_station_corrects_the_plan_task_an_order_counts_toward(session, services):
    station = await member(session, services, 7952, Role.station, "dalad-shulinzhao", "阵地")
    await submitted_order(session)
    order_id = await order_id_of(services, station.showing("新订单待派单"))
    await station.press("更正方案任务")
    assert "属于实施方案中的哪项任务" in station.last_text()
    assert station.labels()[0].startswith("✓ ")  # the one it counts toward now, first
    target = services.catalog.task("dalad", "farmers.1")
    await station.press(target.title[:28])
    view = await services.orders.view(order_id, station.user_id)
    assert view.order.counted_task == "farmers.1" and view.order.routed_task == "farmers.3"
    async with services.db.read() as tx:
        events = await tx.fetchall(
            "SELECT event, data FROM order_events WHERE order_id = ? AND event = 'task_set'",
            (order_id,),
        )
    assert len(events) == 1 and '"counted_task_before": "farmers.3"' in events[0]["data"]
    card = station.showing("新订单待派单")
    assert f"类别：{target.title}" in card.text  # the card shows what it counts toward now


async def test_the_team_corrects_the_plan_task_before_it_reports(session, services):
    found = await scheduled_order(session, services, first_id=7961)
    team, order_id = found.team, found.order_id
    card = team.showing("居民已确认时间")
    assert "更正方案任务" in [label for row in card.rows for label, _ in row]
    await team.press("更正方案任务")
    assert "属于实施方案中的哪项任务" in team.last_text()
    target = services.catalog.task("dalad", "farmers.1")
    await team.press(target.title[:28])
    view = await services.orders.view(order_id, team.user_id)
    assert view.order.counted_task == "farmers.1" and view.order.state == "scheduled"
    async with services.db.read() as tx:
        who = await tx.fetchall(
            "SELECT actor_role FROM order_events WHERE order_id = ? AND event = 'task_set'",
            (order_id,),
        )
    assert [row["actor_role"] for row in who] == ["order_team"]
