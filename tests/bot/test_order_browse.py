"""What the web console lists: the orders a person may see, filtered and searched, and an
order's timeline. The chat's rules decide who sees what."""

import pytest

from bot.domain.workflow import Cmd, InvalidInput, NotAllowed, Role
from bot.services.orders import OrderFilter


async def _codes(world, viewer, **wanted):
    page = await world.services.orders.search(viewer, OrderFilter(**wanted))
    return [row.order.code for row in page.rows]


async def _code(world, order_id):
    return (
        await world.services.orders.view(order_id, await world.person(Role.coordinator, "dalad"))
    ).code


@pytest.fixture
async def three(world, cast):
    """Three orders: one waiting at 树林召镇, one dispatched to 旗农牧局 and claimed, one
    at 王爱召镇 about the elderly."""
    svc = world.services.orders
    waiting = await world.order()
    claimed = await world.order(request_text="想请人讲讲牛羊养殖技术")
    await svc.dispatch(claimed, cast["station"])
    await svc.claim(claimed, cast["agency"])
    elsewhere = await world.order(
        station_id="dalad-wangaizhao",
        request_text="社区老人想学用智能手机，防范电信诈骗",
        routed_task="elderly.1",
    )
    return waiting, claimed, elsewhere


async def test_each_sees_the_orders_the_chat_would_show_them(world, cast, three):
    claimed = three[1]
    all_three = await _codes(world, cast["coordinator"])
    assert len(all_three) == 3  # the 科协 sees the jurisdiction, newest first
    assert all_three == sorted(all_three, reverse=True)
    assert len(await _codes(world, cast["station"])) == 2  # its station's two
    assert len(await _codes(world, cast["other_station"])) == 1  # 王爱召镇's one
    assert len(await _codes(world, cast["agency"])) == 1  # dispatched to it
    assert await _codes(world, cast["other_agency"]) == []
    assert await _codes(world, cast["agri_leader"]) == []  # nothing offered yet
    await world.services.orders.publish(claimed, cast["agency"])
    assert len(await _codes(world, cast["agri_member"])) == 1  # offered to the team
    assert await _codes(world, cast["health_leader"]) == []
    outsider = await world.person(Role.coordinator, "hanggin")
    assert await _codes(world, outsider) == []


async def test_what_the_viewer_may_do_is_listed_with_each_order(world, cast, three):
    page = await world.services.orders.search(cast["station"], OrderFilter(state="new"))
    assert [row.cmds for row in page.rows] == [
        [Cmd.dispatch, Cmd.reject, Cmd.set_task, Cmd.mark_urgent]
    ]
    page = await world.services.orders.search(cast["agency"], OrderFilter())
    assert page.rows[0].cmds == [Cmd.publish]


async def test_filters_narrow_the_list(world, cast, three):
    coordinator = cast["coordinator"]
    agency = world.agency("旗农牧局")
    assert len(await _codes(world, coordinator, state="new")) == 2
    assert len(await _codes(world, coordinator, station="dalad-wangaizhao")) == 1
    assert len(await _codes(world, coordinator, agency=agency)) == 1
    assert len(await _codes(world, coordinator, action="elderly")) == 1
    assert len(await _codes(world, coordinator, action="farmers")) == 2
    assert await _codes(world, coordinator, team="dalad-agri") == []
    assert len(await _codes(world, coordinator, period="7d")) == 3
    world.clock.advance(days=8)
    assert await _codes(world, coordinator, period="7d") == []
    assert len(await _codes(world, coordinator, period="year")) == 3
    # A filter never widens what someone may see.
    assert await _codes(world, cast["station"], station="dalad-wangaizhao") == []


async def test_search_by_code_or_by_words(world, cast, three):
    coordinator = cast["coordinator"]
    code = await _code(world, three[2])
    assert await _codes(world, coordinator, text=code) == [code]
    assert await _codes(world, coordinator, text=code[-6:]) == [code]
    assert await _codes(world, coordinator, text="智能手机") == [code]
    assert len(await _codes(world, coordinator, text="羊")) == 2
    assert await _codes(world, coordinator, text="%") == []  # a wildcard is a character
    assert await _codes(world, coordinator, text="_") == []


async def test_overdue_orders_are_those_past_a_deadline_of_their_stage(world, cast, three):
    coordinator = cast["coordinator"]
    assert await _codes(world, coordinator, overdue=True) == []
    world.clock.advance(hours=25)  # a new order waits 24 hours for dispatch
    late = await _codes(world, coordinator, overdue=True)
    assert len(late) == 2 and await _code(world, three[1]) not in late
    page = await world.services.orders.search(coordinator, OrderFilter())
    assert sum(row.overdue for row in page.rows) == 2
    assert await _codes(world, coordinator, overdue=True, state="claimed") == []


async def test_pages_of_thirty(world, cast):
    for _ in range(31):
        await world.order()
    first = await world.services.orders.search(cast["station"], OrderFilter())
    second = await world.services.orders.search(cast["station"], OrderFilter(page=2))
    assert (first.total, first.pages, len(first.rows), len(second.rows)) == (31, 2, 30, 1)


@pytest.mark.parametrize(
    "wanted",
    [
        {"state": "lost"},
        {"action": "cooking"},
        {"period": "forever"},
        {"page": 0},
        {"text": "字" * 101},
    ],
)
async def test_a_filter_no_form_offers_is_refused(world, cast, wanted):
    with pytest.raises(InvalidInput):
        await world.services.orders.search(cast["coordinator"], OrderFilter(**wanted))


async def test_the_timeline_names_staff_and_not_the_resident(world, cast):
    svc = world.services.orders
    order_id = await world.order(resident=cast["resident"])
    await svc.mark_urgent(order_id, cast["station"])
    await svc.dispatch(order_id, cast["station"])
    await svc.decline(order_id, cast["agency"], "不属于本部门职责")
    await svc.dispatch(order_id, cast["coordinator"], agency_id=world.agency("旗卫生健康委员会"))
    entries = await svc.timeline(order_id, cast["station"])
    assert [e.event for e in entries] == [
        "submitted",
        "marked_urgent",
        "dispatched",
        "declined",
        "dispatched",
    ]
    assert entries[0].party == "resident" and entries[0].actor == ""
    assert entries[2].actor == f"用户{cast['station']}" and entries[2].agency == "旗农牧局"
    assert entries[3].reason == "不属于本部门职责"
    assert (entries[4].party, entries[4].agency) == ("coordinator", "旗卫生健康委员会")
    with pytest.raises(NotAllowed):
        await svc.timeline(order_id, cast["other_station"])
    with pytest.raises(NotAllowed):
        await svc.timeline(order_id, cast["agency"])  # it gave the order back
