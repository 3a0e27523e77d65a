"""Every row of the deadline table, walked with a moved clock on a real database.

The fake clock starts on Monday 2026-03-02 09:00 UTC, 17:00 in 达拉特旗.
"""

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import deadlines
from bot.domain.clock import LOCAL_TZ
from bot.scheduling.ticker import Ticker
from bot.services import Services
from storage import directory


async def _tick(world):
    """The bot's minute tick; one Ticker per running services, as in the bot."""
    ticker = getattr(world, "ticker", None)
    if ticker is None or ticker.services is not world.services:
        ticker = world.ticker = Ticker(world.services, "kepu_bot")
    return await ticker.tick()


async def _queued(world, template, order_id=None):
    """(chat, not_before) of outbox rows with `template`, oldest first."""
    sql = (
        "SELECT CAST(address AS INTEGER) AS chat_id, not_before, actions FROM outbox "
        "WHERE template = ?"
    )
    params: tuple = (template,)
    if order_id is not None:
        sql += " AND order_id = ?"
        params += (order_id,)
    async with world.services.db.read() as tx:
        return [dict(r) for r in await tx.fetchall(sql + " ORDER BY id", params)]


async def _recipients(world, template, order_id):
    return [r["chat_id"] for r in await _queued(world, template, order_id)]


async def _events(world, order_id):
    async with world.services.db.read() as tx:
        rows = await tx.fetchall(
            "SELECT event FROM order_events WHERE order_id = ? ORDER BY id", (order_id,)
        )
    return [r["event"] for r in rows]


async def _state(world, order_id):
    async with world.services.db.read() as tx:
        return await tx.scalar("SELECT state FROM orders WHERE id = ?", (order_id,))


# --- the policy, pure ---------------------------------------------------------------------


def test_the_table_as_shipped():
    policy = deadlines.load_policies().for_jurisdiction("dalad")
    since = datetime(2026, 3, 2, 1, tzinfo=UTC)
    expect = {
        "new": {"remind": 24, "escalate": 48},
        "dispatched": {"remind": 48, "escalate": 96},
        "claimed": {"republish": 72, "escalate": 144},
        "accepted": {"remind": 48, "release": 96},
        "done": {"rating_remind": 72, "auto_close": 168},
    }
    for state, kinds in expect.items():
        found = deadlines.nudges(deadlines.Stage(state, since), policy)
        assert {n.kind: (n.due - since) / timedelta(hours=1) for n in found} == kinds, state
    urgent = deadlines.nudges(deadlines.Stage("new", since, "urgent"), policy)
    assert [(n.due - since) / timedelta(hours=1) for n in urgent] == [2, 4]
    urgent = deadlines.nudges(deadlines.Stage("claimed", since, "urgent"), policy)
    assert [(n.due - since) / timedelta(hours=1) for n in urgent] == [8, 16]


def test_scheduled_reminders_sit_around_the_time_and_skip_what_began_too_late():
    policy = deadlines.load_policies().default
    at = datetime(2026, 3, 10, 6, tzinfo=UTC)
    stage = deadlines.Stage("scheduled", at - timedelta(days=5), scheduled_at=at)
    offsets = {n.kind: (n.due - at) / timedelta(hours=1) for n in deadlines.nudges(stage, policy)}
    expect = {"before_first": -24, "before_second": -2, "report_remind": 24, "report_escalate": 72}
    assert offsets == expect
    short_notice = deadlines.Stage("scheduled", at - timedelta(hours=5), scheduled_at=at)
    kinds = [n.kind for n in deadlines.nudges(short_notice, policy)]
    assert kinds == ["before_second", "report_remind", "report_escalate"]


@pytest.mark.parametrize(
    ("local_clock", "held_until"),
    [
        ("2026-03-02 20:59", None),
        ("2026-03-02 21:00", "2026-03-03 08:00"),
        ("2026-03-02 23:30", "2026-03-03 08:00"),
        ("2026-03-03 07:59", "2026-03-03 08:00"),
        ("2026-03-03 08:00", None),
    ],
)
def test_the_night_hold(local_clock, held_until):
    policy = deadlines.load_policies().default
    moment = datetime.strptime(local_clock, "%Y-%m-%d %H:%M").replace(tzinfo=LOCAL_TZ)
    expected = (
        moment
        if held_until is None
        else datetime.strptime(held_until, "%Y-%m-%d %H:%M").replace(tzinfo=LOCAL_TZ)
    )
    assert deadlines.quiet_until(moment, policy) == expected


def test_every_jurisdiction_may_set_its_own_hours(tmp_path):
    path = tmp_path / "deadlines.yaml"
    shipped = deadlines.DATA.read_text(encoding="utf-8")
    path.write_text(
        shipped.replace("jurisdictions: {}", "jurisdictions: {abag: {normal: {new_remind: 12}}}"),
        encoding="utf-8",
    )
    policies = deadlines.load_policies(path)
    assert policies.for_jurisdiction("abag").normal.new_remind == 12
    assert policies.for_jurisdiction("abag").normal.new_escalate == 48
    assert policies.for_jurisdiction("dalad").normal.new_remind == 24


# --- the sweep on a database ------------------------------------------------------------------


async def test_station_then_agency_are_reminded_then_the_coordinator_hears(world, cast):
    order_id = await world.order()
    world.clock.advance(hours=23, minutes=59)
    await _tick(world)
    assert await _queued(world, "station.remind") == []  # not yet

    world.clock.advance(minutes=1)  # 24 h: the station is reminded, once
    await _tick(world)
    await _tick(world)
    reminded = await _queued(world, "station.remind", order_id)
    assert [r["chat_id"] for r in reminded] == [cast["station"]]
    assert "dispatch" in reminded[0]["actions"]

    world.clock.advance(hours=24)  # 48 h: the coordinator, with the card one tap away
    await _tick(world)
    escalated = await _queued(world, "coordinator.overdue", order_id)
    assert [r["chat_id"] for r in escalated] == [cast["coordinator"]]
    assert "details" in escalated[0]["actions"]

    await world.services.orders.dispatch(order_id, cast["station"])
    world.clock.advance(hours=48)
    await _tick(world)
    assert await _recipients(world, "agency.remind", order_id) == [cast["agency"]]
    world.clock.advance(hours=48)
    await _tick(world)
    assert len(await _queued(world, "coordinator.overdue", order_id)) == 2
    assert (await _events(world, order_id)).count("escalated_dispatched") == 1


async def test_an_unclaimed_offer_widens_to_neighbouring_stations(world, cast):
    async with world.services.db.transaction() as tx:
        neighbour = directory.Team(
            "dalad-agri-wz", "dalad", "王爱召农牧队", ["farmers"], [], ["dalad-wangaizhao"]
        )
        await directory.upsert_team(tx, neighbour)
    svc = world.services.orders
    order_id = await world.order()
    await svc.dispatch(order_id, cast["station"])
    await svc.claim(order_id, cast["agency"])
    published = await svc.publish(order_id, cast["agency"])
    assert published.order.offered_to == ["dalad-agri"]

    world.clock.advance(hours=72)
    await _tick(world)
    view = await svc.view(order_id, cast["agency"])
    assert view.order.offered_to == ["dalad-agri", "dalad-agri-wz"]
    assert await _recipients(world, "agency.republished", order_id) == [cast["agency"]]
    world.clock.advance(hours=72)  # 144 h after the claim
    await _tick(world)
    assert len(await _queued(world, "coordinator.overdue", order_id)) == 1


async def test_a_claimed_order_never_published_reminds_the_agency(world, cast):
    svc = world.services.orders
    order_id = await world.order()
    await svc.dispatch(order_id, cast["station"])
    await svc.claim(order_id, cast["agency"])
    world.clock.advance(hours=72)
    await _tick(world)
    assert await _recipients(world, "agency.remind_publish", order_id) == [cast["agency"]]


async def _accepted(world, cast):
    svc = world.services.orders
    order_id = await world.order(cast["resident"])
    await svc.dispatch(order_id, cast["station"])
    await svc.claim(order_id, cast["agency"])
    await svc.publish(order_id, cast["agency"])
    await svc.accept(order_id, cast["agri_leader"])
    return order_id


async def test_a_team_that_agrees_no_time_is_reminded_then_released(world, cast):
    order_id = await _accepted(world, cast)
    world.clock.advance(hours=48)
    await _tick(world)
    team_chats = set(await _recipients(world, "team.remind_schedule", order_id))
    assert team_chats == {cast["agri_leader"], cast["agri_member"]}

    world.clock.advance(hours=48)  # 96 h: back to the agency; the coordinator hears why
    await _tick(world)
    assert await _state(world, order_id) == "claimed"
    assert await _queued(world, "agency.released", order_id)
    assert set(await _recipients(world, "team.released", order_id)) == team_chats
    overdue = await _queued(world, "coordinator.overdue", order_id)
    assert [r["chat_id"] for r in overdue] == [cast["coordinator"]]


async def test_scheduled_orders_get_reminders_before_and_a_report_reminder_after(world, cast):
    svc = world.services.orders
    order_id = await _accepted(world, cast)
    at = world.clock.now() + timedelta(days=3)  # 2026-03-05 17:00 local
    await svc.propose_time(order_id, cast["agri_leader"], at)
    await svc.confirm_time(order_id, cast["resident"])

    world.clock.set(at - timedelta(hours=24))
    await _tick(world)
    upcoming = await _queued(world, "resident.upcoming", order_id)
    assert [r["chat_id"] for r in upcoming] == [cast["resident"]]
    world.clock.set(at - timedelta(hours=2))
    await _tick(world)
    assert len(await _queued(world, "resident.upcoming", order_id)) == 2
    assert len(await _queued(world, "team.upcoming", order_id)) == 4  # two members, twice

    world.clock.set(at + timedelta(hours=24))
    await _tick(world)
    assert len(await _queued(world, "team.remind_report", order_id)) == 2
    world.clock.set(at + timedelta(hours=72))
    await _tick(world)
    assert len(await _queued(world, "coordinator.overdue", order_id)) == 1


async def test_a_rating_is_asked_again_at_72_hours_and_the_order_closes_at_7_days(world, cast):
    svc = world.services.orders
    order_id = await _accepted(world, cast)
    at = world.clock.now() + timedelta(hours=3)
    await svc.propose_time(order_id, cast["agri_leader"], at)
    await svc.confirm_time(order_id, cast["resident"])
    world.clock.set(at + timedelta(hours=2))
    report = {"date": "2026-03-02", "attendance": 20, "hours": 2, "volunteers": 2}
    await svc.report_done(order_id, cast["agri_leader"], report)
    world.clock.advance(hours=72)
    await _tick(world)
    assert await _recipients(world, "resident.remind_rating", order_id) == [cast["resident"]]
    world.clock.advance(hours=96)  # 7 days after done
    await _tick(world)
    view = await svc.view(order_id, cast["resident"])
    assert view.order.state == "closed" and view.order.rating is None
    assert (await _events(world, order_id))[-1] == "auto_closed"


async def test_reminders_at_night_wait_for_eight_in_the_morning(world, cast):
    world.clock.set(datetime(2026, 3, 2, 14, 30, tzinfo=UTC))  # 22:30 local
    order_id = await world.order()
    world.clock.advance(hours=24)  # the reminder falls due at 22:30 local the next day
    await _tick(world)
    [row] = await _queued(world, "station.remind", order_id)
    assert row["not_before"] == "2026-03-04T00:00:00Z"  # 08:00 local on 03-04
    assert "reminded_new" in await _events(world, order_id)  # recorded when due, sent at 8
    from storage import outbox

    world.clock.set(datetime(2026, 3, 3, 23, 59, tzinfo=UTC))  # 07:59 local
    async with world.services.db.read() as tx:
        waiting = await outbox.pending(tx, world.clock.now(), 100)
    assert "station.remind" not in [m.template for m in waiting]
    world.clock.advance(minutes=1)
    async with world.services.db.read() as tx:
        waiting = await outbox.pending(tx, world.clock.now(), 100)
    assert "station.remind" in [m.template for m in waiting]


async def test_a_restart_neither_repeats_nor_loses_a_nudge_and_catches_up_once(world, cast):
    order_id = await world.order()
    world.clock.advance(hours=25)
    await _tick(world)
    assert len(await _queued(world, "station.remind", order_id)) == 1

    # Down for four days: both the escalation and nothing more are owed on start.
    await world.services.close()
    world.clock.advance(days=4)
    world.services = await Services.start(
        world.services.settings, clock=world.clock, with_router=False
    )
    from bot.scheduling.nudges import refresh_all

    await refresh_all(world.services.orders)
    await _tick(world)
    await _tick(world)
    assert len(await _queued(world, "station.remind", order_id)) == 1
    assert len(await _queued(world, "coordinator.overdue", order_id)) == 1
    events = await _events(world, order_id)
    assert events.count("reminded_new") == 1 and events.count("escalated_new") == 1


async def test_a_week_of_ticks_every_ten_minutes_sends_each_nudge_once(world, cast):
    order_id = await world.order()
    for _ in range(7 * 24 * 6):  # every ten minutes for a week
        world.clock.advance(minutes=10)
        await _tick(world)
    events = await _events(world, order_id)
    assert events.count("reminded_new") == 1 and events.count("escalated_new") == 1


async def test_an_urgent_order_is_chased_in_hours_not_days(world, cast):
    order_id = await world.order(priority="urgent")
    world.clock.advance(hours=2)
    await _tick(world)
    assert await _recipients(world, "station.remind", order_id) == [cast["station"]]
    world.clock.advance(hours=2)
    await _tick(world)
    assert len(await _queued(world, "coordinator.overdue", order_id)) == 1


async def test_a_station_marks_an_order_urgent_and_its_deadlines_shorten(world, cast):
    from bot.domain.workflow import NotAllowed, WrongState

    svc = world.services.orders
    order_id = await world.order()
    with pytest.raises(NotAllowed):
        await svc.mark_urgent(order_id, cast["agency"])
    await svc.mark_urgent(order_id, cast["station"])
    assert (await svc.mark_urgent(order_id, cast["station"])).repeated  # a double press
    with pytest.raises(WrongState):
        await svc.mark_urgent(order_id, cast["coordinator"])
    world.clock.advance(hours=2)  # the urgent reminder time, counted from entering `new`
    await _tick(world)
    assert len(await _queued(world, "station.remind", order_id)) == 1


async def test_deadlines_are_recomputed_at_start_only_when_they_changed(world, cast):
    from bot.domain.deadlines import load_policies
    from bot.scheduling.nudges import refresh_if_policy_changed

    order_id = await world.order()
    svc = world.services.orders
    assert await refresh_if_policy_changed(svc) == 0  # first start: all checked, all current
    assert await refresh_if_policy_changed(svc) is None  # same deadlines: nothing to do
    edited = load_policies()
    edited.default.normal.new_remind = 12
    svc.policies = edited
    assert await refresh_if_policy_changed(svc) == 1
    world.clock.advance(hours=12)
    await _tick(world)
    assert len(await _queued(world, "station.remind", order_id)) == 1


async def test_after_downtime_a_released_order_gets_no_reminder_of_the_past_step(world, cast):
    order_id = await _accepted(world, cast)
    world.clock.advance(days=5)  # past both the reminder (48 h) and the release (96 h)
    await _tick(world)
    assert await _state(world, order_id) == "claimed"
    assert await _queued(world, "team.remind_schedule", order_id) == []
    assert "reminded_accepted" not in await _events(world, order_id)


async def test_a_reminder_held_for_the_morning_is_dropped_if_the_step_was_taken(world, cast):
    from bot.outbox.sender import Superseded
    from handlers.telegram.delivery import render
    from storage import outbox

    world.clock.set(datetime(2026, 3, 2, 14, 30, tzinfo=UTC))  # 22:30 local
    order_id = await world.order()
    world.clock.advance(hours=24)
    await _tick(world)  # the reminder waits for 08:00…
    await world.services.orders.dispatch(order_id, cast["station"])  # …and the station acts first
    world.clock.set(datetime(2026, 3, 4, 0, 0, tzinfo=UTC))
    async with world.services.db.read() as tx:
        held = [m for m in await outbox.pending(tx, world.clock.now(), 100)]
    [reminder] = [m for m in held if m.template == "station.remind"]
    with pytest.raises(Superseded):  # the step it reminds of was taken: not sent at all
        await render(world.services, reminder)


async def test_a_card_sent_late_offers_only_what_still_works(world, cast):
    from handlers.telegram.delivery import render
    from storage import outbox

    svc = world.services.orders
    order_id = await world.order()
    await svc.dispatch(order_id, cast["station"])  # the agency's card is queued with claim…
    await svc.claim(order_id, cast["agency"])  # …and the agency claims before it is sent
    async with world.services.db.read() as tx:
        queued = await outbox.pending(tx, world.clock.now(), 100)
    [card] = [m for m in queued if m.template == "agency.new_order"]
    text, markup = await render(world.services, card)
    assert "待接单" in text and markup is None  # no stale claim / decline buttons
