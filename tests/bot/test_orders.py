"""Order use cases on a real SQLite file: every path, and the guarantees."""

import asyncio
import logging
from datetime import timedelta

import pytest

from bot.domain.workflow import AlreadyTaken, InvalidInput, NotAllowed, NotFound, WrongState
from bot.services.orders import Notification
from storage import ledger, orders, outbox


def _templates(outcome):
    return {(n.person_id, n.template) for n in outcome.notifications}


async def _events(world, order_id):
    async with world.services.db.read() as tx:
        return [
            (e["event"], e["from_state"], e["to_state"], e["actor_id"])
            for e in await orders.events(tx, order_id)
        ]


async def _to_claimed(world, cast):
    svc = world.services.orders
    order_id = await world.order(resident=cast["resident"])
    await svc.dispatch(order_id, cast["station"])
    await svc.claim(order_id, cast["agency"])
    return order_id


async def _to_scheduled(world, cast):
    svc = world.services.orders
    order_id = await _to_claimed(world, cast)
    await svc.publish(order_id, cast["agency"])
    await svc.accept(order_id, cast["agri_leader"])
    await svc.propose_time(order_id, cast["agri_leader"], world.clock.now() + timedelta(days=2))
    await svc.confirm_time(order_id, cast["resident"])
    return order_id


REPORT = {
    "date": "2026-03-04",
    "attendance": 35,
    "hours": 2.5,
    "volunteers": 4,
    "summary": "讲了羊的常见病",
    "photos": ["file-1"],
}


async def test_the_whole_life_cycle(world, cast):
    svc = world.services.orders
    outcome = await svc.submit(
        cast["resident"],
        "王大姐",
        {
            "jurisdiction": "dalad",
            "station_id": "dalad-shulinzhao",
            "request_text": "嘎查想请人讲讲羊病防治",
            "contact_phone": "138 1234 5678",
            "routed_task": "farmers.3",
            "routed_confident": True,
        },
    )
    order = outcome.order
    assert order.code == "DLT-2026-000001"
    assert order.state == "new" and order.contact_phone == "13812345678"
    assert (cast["station"], "station.new_order") in _templates(outcome)
    assert (cast["resident"], "resident.submitted") in _templates(outcome)

    outcome = await svc.dispatch(order.id, cast["station"])
    assert outcome.order.agency_id == world.agency("旗农牧局")  # the routed task's lead
    assert (cast["agency"], "agency.new_order") in _templates(outcome)

    await svc.claim(order.id, cast["agency"])
    outcome = await svc.publish(order.id, cast["agency"])
    # farmers teams serving the station's parent, plus nobody else
    assert outcome.order.offered_to == ["dalad-agri"]
    assert {(cast["agri_leader"], "team.offer"), (cast["agri_member"], "team.offer")} <= _templates(
        outcome
    )

    outcome = await svc.accept(order.id, cast["agri_member"])
    assert outcome.order.team_id == "dalad-agri"
    when = world.clock.now() + timedelta(days=3)
    outcome = await svc.propose_time(order.id, cast["agri_leader"], when)
    assert (cast["resident"], "resident.time_proposed") in _templates(outcome)
    notice = next(n for n in outcome.notifications if n.template == "resident.time_proposed")
    assert {"cmd": "confirm_time", "order": order.id} in notice.actions

    outcome = await svc.confirm_time(order.id, cast["resident"])
    assert outcome.order.state == "scheduled" and outcome.order.scheduled_at

    world.clock.advance(days=3, hours=3)
    outcome = await svc.report_done(
        order.id,
        cast["agri_leader"],
        REPORT | {"date": "2026-03-05", "member_ids": [cast["agri_member"]]},
    )
    assert outcome.order.state == "done"
    assert (cast["resident"], "resident.rate") in _templates(outcome)

    outcome = await svc.rate(order.id, cast["resident"], 5, "讲得很实用")
    assert outcome.order.state == "closed" and outcome.order.rating == 5
    assert set(outcome.order.state_times) == {
        "new",
        "dispatched",
        "claimed",
        "accepted",
        "scheduled",
        "done",
        "closed",
    }
    assert [e[0] for e in await _events(world, order.id)] == [
        "submitted",
        "dispatched",
        "claimed",
        "published",
        "accepted",
        "time_proposed",
        "time_confirmed",
        "done",
        "rated",
    ]


ORDER_LOGS = ("bot.services.orders.submit", "bot.services.orders.engine")


async def test_each_submission_and_step_logs_one_line_with_the_orders_code(world, cast, caplog):
    caplog.set_level(logging.INFO, logger="bot.services.orders")
    svc = world.services.orders
    order_id = await world.order(resident=cast["resident"])
    await svc.dispatch(order_id, cast["station"])
    with pytest.raises(NotAllowed):  # refused: nothing happened, so nothing is logged
        await svc.claim(order_id, cast["other_agency"])
    await svc.claim(order_id, cast["agency"])
    lines = [r.getMessage() for r in caplog.records if r.name in ORDER_LOGS]
    assert lines == [
        f"DLT-2026-000001 submitted at dalad-shulinzhao by resident {cast['resident']}",
        f"DLT-2026-000001 dispatched (new → dispatched) by station {cast['station']}",
        f"DLT-2026-000001 claimed (dispatched → claimed) by agency {cast['agency']}",
    ]


async def test_codes_count_per_jurisdiction_and_year(world, cast):
    first = await world.order()
    second = await world.order()
    async with world.services.db.read() as tx:
        codes = [(await orders.get(tx, i)).code for i in (first, second)]
    assert codes == ["DLT-2026-000001", "DLT-2026-000002"]


async def test_bad_input_is_refused_in_chinese_and_nothing_is_saved(world, cast):
    cases = [
        ({"request_text": "   "}, "需求描述"),
        ({"request_text": "讲" * 2001}, "最多 2000"),
        ({"contact_phone": "12345"}, "电话号码"),
        ({"station_id": "nowhere"}, "阵地"),
        ({"expected_attendance": 0}, "预计人数"),
        ({"routed_task": "farmers.99"}, "任务"),
    ]
    for override, message in cases:
        with pytest.raises(InvalidInput, match=message):
            await world.order(resident=cast["resident"], **override)
    async with world.services.db.read() as tx:
        assert await tx.scalar("SELECT COUNT(*) FROM orders") == 0


async def test_dispatch_to_another_agency_of_the_jurisdiction_only(world, cast):
    svc = world.services.orders
    order_id = await world.order()
    with pytest.raises(InvalidInput):
        await svc.dispatch(order_id, cast["station"], agency_id="hanggin.592af1")
    outcome = await svc.dispatch(
        order_id, cast["station"], agency_id=world.agency("旗卫生健康委员会")
    )
    assert outcome.order.agency_id == world.agency("旗卫生健康委员会")


async def test_unclassified_orders_go_to_the_coordinator_by_default(world, cast):
    order_id = await world.order(routed_task=None, routed_confident=False)
    outcome = await world.services.orders.dispatch(order_id, cast["station"])
    assert outcome.order.agency_id == world.agency("旗科学技术协会")


async def test_decline_returns_to_the_station_which_redispatches(world, cast):
    svc = world.services.orders
    order_id = await world.order()
    await svc.dispatch(order_id, cast["station"])
    outcome = await svc.decline(order_id, cast["agency"], "不属于本部门职责")
    assert outcome.order.state == "new" and outcome.order.agency_id is None
    assert (cast["station"], "station.declined") in _templates(outcome)
    assert outcome.notifications[0].params["reason"] == "不属于本部门职责"
    outcome = await svc.dispatch(
        order_id, cast["station"], agency_id=world.agency("旗卫生健康委员会")
    )
    assert outcome.order.state == "dispatched"


async def test_reject_and_cancel_need_reasons_and_end_the_order(world, cast):
    svc = world.services.orders
    rejected = await world.order(resident=cast["resident"])
    with pytest.raises(InvalidInput):
        await svc.reject(rejected, cast["station"], "")
    outcome = await svc.reject(rejected, cast["station"], "不属于科普服务")
    assert outcome.order.state == "rejected"
    assert (cast["resident"], "resident.rejected") in _templates(outcome)
    cancelled = await world.order(resident=cast["resident"])
    outcome = await svc.cancel(cancelled, cast["resident"], "时间冲突")
    assert outcome.order.state == "cancelled"
    with pytest.raises(WrongState):
        await svc.dispatch(cancelled, cast["station"])


async def test_nobody_acts_outside_their_role(world, cast):
    svc = world.services.orders
    order_id = await world.order(resident=cast["resident"])
    attempts = [
        svc.dispatch(order_id, cast["other_station"]),
        svc.dispatch(order_id, cast["resident"]),
        svc.claim(order_id, cast["agency"]),  # not dispatched to anyone yet: no agency holds it
        svc.cancel(order_id, cast["station"], "想取消"),
    ]
    for attempt in attempts:
        with pytest.raises((NotAllowed, WrongState)):
            await attempt
    await svc.dispatch(order_id, cast["station"])
    with pytest.raises(NotAllowed):
        await svc.claim(order_id, cast["other_agency"])
    async with world.services.db.read() as tx:
        assert (await orders.get(tx, order_id)).state == "dispatched"


async def test_fifty_teams_press_accept_at_once_and_one_wins(world, cast):
    svc, people = world.services.orders, world.services.people
    from storage import directory

    async with world.services.db.transaction() as tx:
        for i in range(50):
            await directory.upsert_team(
                tx, directory.Team(f"race-{i:02d}", "dalad", f"服务队{i}", ["farmers"], [], [])
            )
    members = [
        await world.person(
            role=__import__("bot.domain.workflow").domain.workflow.Role.team_member,
            scope=f"race-{i:02d}",
        )
        for i in range(50)
    ]
    order_id = await _to_claimed(world, cast)
    await svc.publish(order_id, cast["agency"])

    results = await asyncio.gather(
        *(svc.accept(order_id, m) for m in members), return_exceptions=True
    )
    winners = [r for r in results if not isinstance(r, Exception)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1
    assert len(losers) == 49 and all(isinstance(e, AlreadyTaken) for e in losers)
    assert all(e.message == "已被其他队伍接单" for e in losers)
    assert [e[0] for e in await _events(world, order_id)].count("accepted") == 1
    assert people is not None


async def test_cancel_racing_dispatch_one_wins_cleanly(world, cast):
    svc = world.services.orders
    for _ in range(5):
        order_id = await world.order(resident=cast["resident"])
        results = await asyncio.gather(
            svc.cancel(order_id, cast["resident"], "不需要了"),
            svc.dispatch(order_id, cast["station"]),
            return_exceptions=True,
        )
        errors = [r for r in results if isinstance(r, Exception)]
        assert len(errors) <= 1 and all(isinstance(e, WrongState) for e in errors)
        events = [e[0] for e in await _events(world, order_id)]
        async with world.services.db.read() as tx:
            final = (await orders.get(tx, order_id)).state
        if events[-1] == "cancelled":
            assert final == "cancelled"
        else:
            assert final == "dispatched" and "cancelled" not in events


async def test_the_same_update_twice_changes_and_notifies_once(world, cast):
    svc = world.services.orders
    order_id = await world.order()
    first = await svc.dispatch(order_id, cast["station"], key="update:42")
    again = await svc.dispatch(order_id, cast["station"], key="update:42")
    assert not first.repeated and again.repeated and again.notifications == []
    assert [e[0] for e in await _events(world, order_id)].count("dispatched") == 1
    async with world.services.db.read() as tx:
        assert await outbox.count_pending(tx) == len(first.notifications) + 2  # + submit's


async def test_a_double_pressed_button_is_one_press(world, cast):
    svc = world.services.orders
    order_id = await world.order()
    await svc.dispatch(order_id, cast["station"])
    first = await svc.claim(order_id, cast["agency"], key="callback:a")
    second = await svc.claim(order_id, cast["agency"], key="callback:b")
    assert second.repeated and second.notifications == [] and first.notifications
    assert [e[0] for e in await _events(world, order_id)].count("claimed") == 1


async def test_outbox_is_written_with_the_change_and_survives_a_crash(world, cast, tmp_path):
    from bot.outbox.pacing import FakeTimeline, Pacer
    from bot.outbox.sender import OutboxSender
    from bot.services import Services

    svc = world.services.orders
    order_id = await world.order()
    outcome = await svc.dispatch(order_id, cast["station"])
    expected = {(n.to, n.template) for n in outcome.notifications}
    # Crash between commit and send: the process dies, nothing was sent.
    await world.services.close()
    restarted = await Services.start(world.services.settings, clock=world.clock, with_router=False)
    sent: list[tuple[int, str]] = []

    async def deliver(message):
        sent.append((message.to, message.template))
        return len(sent)

    sender = OutboxSender(restarted.db, world.clock, deliver, Pacer(FakeTimeline(world.clock)))
    assert await sender.drain() == len(sent) > 0
    assert expected <= set(sent)
    assert await sender.drain() == 0  # delivered once
    assert len(sent) == len(set(sent))
    world.services = restarted


async def test_a_failed_transaction_queues_nothing(world, cast):
    svc = world.services.orders
    order_id = await world.order()
    async with world.services.db.read() as tx:
        before = await outbox.count_pending(tx)
    with pytest.raises(InvalidInput):
        await svc.dispatch(order_id, cast["station"], agency_id="dalad.nothere")
    async with world.services.db.read() as tx:
        assert await outbox.count_pending(tx) == before
        assert (await orders.get(tx, order_id)).state == "new"


async def test_withdraw_returns_the_order_to_the_teams(world, cast):
    svc = world.services.orders
    order_id = await _to_scheduled(world, cast)
    outcome = await svc.withdraw(order_id, cast["agri_leader"], "队员临时有事")
    assert outcome.order.state == "claimed" and outcome.order.team_id is None
    assert (cast["agency"], "agency.withdrawn") in _templates(outcome)
    assert outcome.order.scheduled_at is None
    # Withdrawn, the offer is no longer out: publishing again reaches the teams again.
    again = await svc.publish(order_id, cast["agency"])
    assert not again.repeated and (cast["agri_leader"], "team.offer") in _templates(again)


async def test_publishing_again_while_the_offer_is_out_changes_nothing(world, cast):
    svc = world.services.orders
    order_id = await _to_claimed(world, cast)
    first = await svc.publish(order_id, cast["agency"])
    assert (cast["agri_leader"], "team.offer") in _templates(first)
    again = await svc.publish(order_id, cast["coordinator"])  # whoever asks
    assert again.repeated and again.notifications == []
    widened = await svc.publish(order_id, cast["agency"], team_id="dalad-health")  # a new team
    assert not widened.repeated and widened.order.offered_to == ["dalad-health"]
    events = [e[0] for e in await _events(world, order_id)]
    assert events.count("published") == 2


async def test_publish_to_a_named_team_only(world, cast):
    svc = world.services.orders
    order_id = await _to_claimed(world, cast)
    outcome = await svc.publish(order_id, cast["agency"], team_id="dalad-health")
    assert outcome.order.offered_to == ["dalad-health"]
    with pytest.raises(NotAllowed):
        await svc.accept(order_id, cast["agri_leader"])
    assert (await svc.accept(order_id, cast["health_leader"])).order.team_id == "dalad-health"


async def test_the_coordinator_reassigns(world, cast):
    svc = world.services.orders
    order_id = await _to_scheduled(world, cast)
    outcome = await svc.reassign_team(order_id, cast["coordinator"], "dalad-health")
    assert outcome.order.state == "accepted" and outcome.order.team_id == "dalad-health"
    outcome = await svc.reassign_agency(
        order_id, cast["coordinator"], world.agency("旗卫生健康委员会")
    )
    assert outcome.order.state == "dispatched" and outcome.order.team_id is None
    with pytest.raises(NotAllowed):
        await svc.reassign_agency(order_id, cast["station"], world.agency("旗农牧局"))


async def test_report_credits_hours_and_points(world, cast):
    svc = world.services.orders
    order_id = await _to_scheduled(world, cast)
    world.clock.advance(days=3)
    with pytest.raises(InvalidInput, match="不属于本服务队"):
        await svc.report_done(order_id, cast["agri_leader"], REPORT | {"member_ids": [1]})
    with pytest.raises(InvalidInput, match="时长"):
        await svc.report_done(order_id, cast["agri_leader"], REPORT | {"hours": 0})
    await svc.report_done(
        order_id,
        cast["agri_leader"],
        REPORT | {"member_ids": [cast["agri_member"], cast["agri_leader"]]},
    )
    async with world.services.db.read() as tx:
        assert await ledger.team_totals(tx, "dalad-agri") == (10.0, 100.0)  # 2.5 h × 4, ×10
        assert await ledger.person_totals(tx, cast["agri_member"]) == (2.5, 25.0)


async def test_rating_must_be_one_to_five(world, cast):
    svc = world.services.orders
    order_id = await _to_scheduled(world, cast)
    world.clock.advance(days=3)
    await svc.report_done(order_id, cast["agri_leader"], REPORT)
    for stars in (0, 6):
        with pytest.raises(InvalidInput, match="1 到 5"):
            await svc.rate(order_id, cast["resident"], stars)
    with pytest.raises(NotAllowed):
        await svc.rate(order_id, cast["station"], 5)
    assert (await svc.rate(order_id, cast["resident"], 4)).order.state == "closed"


async def test_phone_is_seen_by_station_and_accepting_team_only(world, cast):
    svc = world.services.orders
    order_id = await _to_claimed(world, cast)
    await svc.publish(order_id, cast["agency"])
    assert (await svc.view(order_id, cast["agri_member"])).phone == "138****5678"
    await svc.accept(order_id, cast["agri_member"])
    seen = {
        name: (await svc.view(order_id, cast[name])).phone
        for name in ("resident", "station", "agri_leader", "agency", "coordinator")
    }
    assert seen == {
        "resident": "13812345678",
        "station": "13812345678",
        "agri_leader": "13812345678",
        "agency": "138****5678",
        "coordinator": "138****5678",
    }
    with pytest.raises(NotAllowed):
        await svc.view(order_id, cast["health_leader"])


async def test_residents_see_only_their_own_orders(world, cast):
    svc = world.services.orders
    mine = await world.order(resident=cast["resident"])
    other = await world.order()
    assert [o.id for o in await svc.list_for(cast["resident"], "mine")] == [mine]
    with pytest.raises(NotAllowed):
        await svc.view(other, cast["resident"])
    with pytest.raises(NotAllowed):
        await svc.list_for(cast["resident"], "station")
    with pytest.raises(NotFound):
        await svc.view(999999, cast["resident"])


async def test_queues_per_role(world, cast):
    svc = world.services.orders
    waiting = await world.order()
    assert [o.id for o in await svc.list_for(cast["station"], "station")] == [waiting]
    assert await svc.list_for(cast["other_station"], "station") == []
    await svc.dispatch(waiting, cast["station"])
    assert [o.id for o in await svc.list_for(cast["agency"], "agency")] == [waiting]
    assert [o.id for o in await svc.list_for(cast["coordinator"], "coordinator")] == [waiting]


async def test_personal_data_is_erased_after_the_order_ends(world, cast):
    svc = world.services.orders
    order_id = await world.order(resident=cast["resident"])
    open_id = await world.order(resident=cast["resident"])
    await svc.cancel(order_id, cast["resident"], "不需要了")
    world.clock.advance(days=29)
    assert await svc.erase_personal_data() == 0
    world.clock.advance(days=1, minutes=1)
    assert await svc.erase_personal_data() == 1
    async with world.services.db.read() as tx:
        erased, still = await orders.get(tx, order_id), await orders.get(tx, open_id)
        events = await orders.events(tx, order_id)
    assert erased.contact_phone == "***" and erased.place_detail == "***" and erased.erased_at
    assert still.contact_phone == "13812345678"
    assert [(e["event"], e["actor_id"]) for e in events] == [
        ("submitted", cast["resident"]),
        ("cancelled", cast["resident"]),
    ]


async def test_an_empty_role_falls_back_to_the_coordinator(world, cast):
    svc = world.services.orders
    order_id = await world.order(station_id="dalad-zhaojun")  # no operator invited there
    outcome = await svc.submit(
        cast["resident"],
        "居民",
        {"jurisdiction": "dalad", "station_id": "dalad-zhaojun", "request_text": "想办科普讲座"},
    )
    stand_ins = [n for n in outcome.notifications if n.template == "station.new_order"]
    assert stand_ins and all(n.person_id == cast["coordinator"] for n in stand_ins)
    assert stand_ins[0].params["stand_in_for"] == "station"
    assert isinstance(stand_ins[0], Notification) and order_id


async def test_a_report_dated_before_the_agreed_day_must_say_it_was_early(world, cast):
    svc = world.services.orders
    order_id = await _to_scheduled(world, cast)  # agreed for 2026-03-04
    world.clock.advance(days=3)
    with pytest.raises(InvalidInput, match="提前完成"):
        await svc.report_done(order_id, cast["agri_leader"], REPORT | {"date": "2026-03-03"})
    outcome = await svc.report_done(
        order_id, cast["agri_leader"], REPORT | {"date": "2026-03-03", "early": True}
    )
    assert outcome.order.state == "done" and outcome.order.report["early"] is True


async def test_the_team_reports_what_the_service_was_and_a_stranger_may_not_retask(world, cast):
    from bot.domain.workflow import NotAllowed

    svc = world.services.orders
    order_id = await world.order(resident=cast["resident"])
    with pytest.raises(NotAllowed):
        await svc.set_task(order_id, cast["other_station"], "farmers.1")
    with pytest.raises(InvalidInput, match="方案任务不存在"):
        await svc.set_task(order_id, cast["station"], "farmers.99")
    await svc.dispatch(order_id, cast["station"])
    await svc.claim(order_id, cast["agency"])
    await svc.publish(order_id, cast["agency"])
    await svc.accept(order_id, cast["agri_leader"])
    await svc.propose_time(order_id, cast["agri_leader"], world.clock.now() + timedelta(hours=1))
    await svc.confirm_time(order_id, cast["resident"])
    world.clock.advance(hours=3)
    report = {"date": "2026-03-02", "attendance": 20, "hours": 2, "volunteers": 2}
    outcome = await svc.report_done(order_id, cast["agri_leader"], report | {"task": "farmers.2"})
    assert outcome.order.counted_task == "farmers.2" and outcome.order.routed_task == "farmers.3"
    async with world.services.db.read() as tx:
        done = await tx.fetchone(
            "SELECT data FROM order_events WHERE order_id = ? AND event = 'done'", (order_id,)
        )
    assert '"counted_task_before": "farmers.3"' in done["data"]
