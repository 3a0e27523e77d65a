"""Orders in the console: lists, an order's page, and steps taken there, under the chat's
rules. What is refused changes nothing, as the services and the database tell."""

from datetime import timedelta

import pytest

from bot.domain.workflow import Role
from tests.web.conftest import csrf_of, step_form


@pytest.fixture
async def cast(site):
    return {
        "station": await site.person(Role.station, "dalad-shulinzhao", "阵地小李"),
        "other_station": await site.person(Role.station, "dalad-wangaizhao", "王爱召阵地"),
        "agency": await site.person(Role.agency, site.agency("旗农牧局"), "农牧局老王"),
        "other_agency": await site.person(Role.agency, site.agency("旗卫生健康委员会"), "卫健委"),
        "coordinator": await site.person(Role.coordinator, "dalad", "科协"),
    }


async def _trail(site, order_id):
    """The order's state and events, and the messages queued: what a refusal must not move."""
    async with site.services.db.read() as tx:
        state = await tx.scalar("SELECT state FROM orders WHERE id = ?", (order_id,))
        events = await tx.scalar(
            "SELECT COUNT(*) FROM order_events WHERE order_id = ?", (order_id,)
        )
        queued = await tx.scalar("SELECT COUNT(*) FROM outbox")
    return state, events, queued


async def test_the_list_filters_and_searches(site, cast):
    first = await site.order()
    await site.order(
        station_id="dalad-wangaizhao", request_text="老人想学智能手机", routed_task="elderly.1"
    )
    code = (await site.services.orders.view(first, cast["coordinator"])).code
    browser = await site.signed_in(cast["coordinator"])
    everything = await (await browser.get("/console/orders")).text()
    assert "共 2 单" in everything and code in everything
    only_phones = await (await browser.get("/console/orders?q=手机")).text()
    assert "共 1 单" in only_phones and code not in only_phones
    by_code = await (await browser.get(f"/console/orders?q={code}")).text()
    assert "共 1 单" in by_code and code in by_code
    farming = await (await browser.get("/console/orders?action=farmers&state=new")).text()
    assert "共 1 单" in farming and code in farming
    bad = await browser.get("/console/orders?state=lost")
    assert bad.status == 400 and "筛选条件不对：状态" in await bad.text()
    station = await site.signed_in(cast["station"])
    assert "共 1 单" in await (await station.get("/console/orders")).text()


async def test_a_station_officer_dispatches_on_the_web(site, cast):
    order_id = await site.order()
    browser = await site.signed_in(cast["station"])
    page = await browser.get(f"/console/orders/{order_id}")
    assert "13812345678" in await page.text()  # the station calls the resident
    form = await step_form(browser, order_id, "dispatch")
    done = await browser.post(
        f"/console/orders/{order_id}/act", data={**form, "choice": site.agency("旗农牧局")}
    )
    assert done.status == 200 and "已办理：派单" in await done.text()
    view = await site.services.orders.view(order_id, cast["coordinator"])
    assert (view.order.state, view.order.agency_id) == ("dispatched", site.agency("旗农牧局"))
    assert site.wakes  # the agency's card went to the sender at once
    async with site.services.db.read() as tx:
        cards = await tx.fetchall(
            "SELECT template FROM outbox WHERE order_id = ? AND address = ?",
            (order_id, str(cast["agency"])),
        )
    assert [c["template"] for c in cards] == ["agency.new_order"]
    again = await browser.post(f"/console/orders/{order_id}/act", data={**form, "choice": ""})
    assert "已经办理过" in await again.text()  # the same form twice: one dispatch
    assert (await _trail(site, order_id))[1] == 2  # submitted, dispatched


async def test_a_reason_is_a_preset_or_typed(site, cast):
    order_id = await site.order()
    browser = await site.signed_in(cast["station"])
    form = await step_form(browser, order_id, "reject")
    done = await browser.post(
        f"/console/orders/{order_id}/act", data={**form, "preset": "1", "reason": ""}
    )
    assert "已办理：不予受理" in await done.text()
    view = await site.services.orders.view(order_id, cast["station"])
    assert (view.order.state, view.order.last_reason) == ("rejected", "信息不全，请补充")


@pytest.mark.parametrize("preset", ["²", "٣", "9", "-1", "01", "x", "9" * 5000])
async def test_a_reason_preset_the_page_never_offers_is_refused(site, cast, preset):
    order_id = await site.order()
    before = await _trail(site, order_id)
    browser = await site.signed_in(cast["station"])
    form = await step_form(browser, order_id, "reject")
    tried = await browser.post(
        f"/console/orders/{order_id}/act", data={**form, "preset": preset, "reason": ""}
    )
    assert tried.status == 400 and "操作已失效" in await tried.text()
    assert await _trail(site, order_id) == before
    assert not site.wakes


async def test_an_agency_sees_the_phone_masked_and_publishes(site, cast):
    order_id = await site.order()
    await site.services.orders.dispatch(order_id, cast["station"])
    browser = await site.signed_in(cast["agency"])
    page = await (await browser.get(f"/console/orders/{order_id}")).text()
    assert "138****5678" in page and "13812345678" not in page
    claim = await step_form(browser, order_id, "claim")
    await browser.post(f"/console/orders/{order_id}/act", data=claim)
    one_team = await step_form(browser, order_id, "publish", nth=1)  # 指定这支服务队
    done = await browser.post(
        f"/console/orders/{order_id}/act", data={**one_team, "choice": "dalad-health"}
    )
    assert "已办理：发布给服务队" in await done.text()
    view = await site.services.orders.view(order_id, cast["agency"])
    assert (view.order.state, view.order.offered_to) == ("claimed", ["dalad-health"])


async def test_another_stations_order_by_url_is_refused(site, cast):
    order_id = await site.order()  # at 树林召镇
    before = await _trail(site, order_id)
    browser = await site.signed_in(cast["other_station"])
    page = await browser.get(f"/console/orders/{order_id}")
    text = await page.text()
    assert page.status == 403 and "无权限" in text
    assert "13812345678" not in text and "羊病" not in text
    theirs = (await step_form(await site.signed_in(cast["station"]), order_id, "dispatch"))["csrf"]
    for token in (await csrf_of(browser), theirs):  # its own session's token, and another's
        tried = await browser.post(
            f"/console/orders/{order_id}/act",
            data={"csrf": token, "cmd": "dispatch", "key": "k" * 22},
        )
        assert tried.status == 403
    assert await _trail(site, order_id) == before
    assert (await browser.get("/console/orders/999999")).status == 404


async def test_an_agency_acting_beyond_its_scope_is_refused(site, cast):
    order_id = await site.order()
    await site.services.orders.dispatch(order_id, cast["station"])  # to 旗农牧局
    before = await _trail(site, order_id)
    stranger = await site.signed_in(cast["other_agency"])
    assert (await stranger.get(f"/console/orders/{order_id}")).status == 403
    claim = await stranger.post(
        f"/console/orders/{order_id}/act",
        data={"csrf": await csrf_of(stranger), "cmd": "claim", "key": "k" * 22},
    )
    assert claim.status == 403 and "无权限" in await claim.text()
    holder = await site.signed_in(cast["agency"])
    form = await step_form(holder, order_id, "claim")
    for cmd, extra in (
        ("reject", {"reason": "越权"}),
        ("reassign_agency", {"choice": site.agency("旗卫生健康委员会")}),
    ):
        tried = await holder.post(
            f"/console/orders/{order_id}/act", data={**form, "cmd": cmd, **extra}
        )
        assert tried.status == 403 and "无权限" in await tried.text()
    assert await _trail(site, order_id) == before


@pytest.mark.parametrize("csrf", [None, "", "forged-token", "0" * 64])
async def test_a_step_without_the_sessions_csrf_token_changes_nothing(site, cast, csrf):
    order_id = await site.order()
    before = await _trail(site, order_id)
    browser = await site.signed_in(cast["station"])
    form = await step_form(browser, order_id, "dispatch")
    posted = {k: v for k, v in form.items() if k != "csrf"}
    if csrf is not None:
        posted["csrf"] = csrf
    tried = await browser.post(f"/console/orders/{order_id}/act", data=posted)
    assert tried.status == 403 and "表单已失效" in await tried.text()
    assert await _trail(site, order_id) == before
    assert not site.wakes


@pytest.mark.parametrize(
    "change",
    [{"cmd": "auto_close"}, {"cmd": "rate"}, {"cmd": "nonsense"}, {"key": ""}, {"key": "bad key!"}],
)
async def test_a_step_no_page_offers_is_refused(site, cast, change):
    order_id = await site.order()
    before = await _trail(site, order_id)
    browser = await site.signed_in(cast["coordinator"])
    form = await step_form(browser, order_id, "dispatch")
    tried = await browser.post(f"/console/orders/{order_id}/act", data={**form, **change})
    assert tried.status == 400 and "操作已失效" in await tried.text()
    assert await _trail(site, order_id) == before


async def test_a_step_the_order_has_moved_past_is_answered_on_its_page(site, cast):
    order_id = await site.order()
    browser = await site.signed_in(cast["coordinator"])
    form = await step_form(browser, order_id, "dispatch")
    await site.services.orders.reject(order_id, cast["station"], "信息不全")  # meanwhile, in chat
    late = await browser.post(f"/console/orders/{order_id}/act", data=form)
    assert late.status == 409 and "操作已失效：该订单当前已退回" in await late.text()


async def test_the_timeline_shows_who_did_what(site, cast):
    order_id = await site.order()
    await site.services.orders.dispatch(order_id, cast["station"])
    await site.services.orders.decline(order_id, cast["agency"], "本期无力承办")
    browser = await site.signed_in(cast["coordinator"])
    page = await (await browser.get(f"/console/orders/{order_id}")).text()
    for words in (
        "居民点单",
        "阵地 阵地小李",
        "派单",
        "部门 农牧局老王",
        "部门退回阵地",
        "原因：本期无力承办",
    ):
        assert words in page


async def test_the_residents_comment_reads_as_a_comment(site, cast):
    orders, clock = site.services.orders, site.services.clock
    team = await site.person(Role.team_leader, "dalad-agri", "一队队长")
    resident = await site.person(None, "", "王大姐")
    order_id = await site.order(resident)
    await orders.dispatch(order_id, cast["station"])
    await orders.claim(order_id, cast["agency"])
    await orders.publish(order_id, cast["agency"])
    await orders.accept(order_id, team)
    await orders.propose_time(order_id, team, clock.now() + timedelta(days=1))
    await orders.confirm_time(order_id, resident)
    clock.advance(days=2)
    day = (clock.now() - timedelta(days=1)).date().isoformat()
    report = {"date": day, "attendance": 30, "hours": 2, "volunteers": 3}
    await orders.report_done(order_id, team, report)
    await orders.rate(order_id, resident, 5)
    await orders.comment(order_id, resident, "讲得很实用，谢谢！")
    browser = await site.signed_in(cast["coordinator"])
    page = await (await browser.get(f"/console/orders/{order_id}")).text()
    assert "评价：讲得很实用，谢谢！" in page and "原因：讲得很实用" not in page


async def test_the_station_corrects_the_plan_task_the_order_counts_toward(site, cast):
    order_id = await site.order()
    browser = await site.signed_in(cast["station"])
    page = await (await browser.get(f"/console/orders/{order_id}")).text()
    assert "这张订单计入哪项方案任务" in page
    form = await step_form(browser, order_id, "set_task")
    done = await browser.post(
        f"/console/orders/{order_id}/act", data={**form, "choice": "elderly.1"}
    )
    text = await done.text()
    assert "已办理：更正方案任务" in text and "方案任务：" in text
    view = await site.services.orders.view(order_id, cast["station"])
    assert view.order.task == "elderly.1"
    wrong = await step_form(browser, order_id, "set_task")
    tried = await browser.post(
        f"/console/orders/{order_id}/act", data={**wrong, "choice": "farmers.99"}
    )
    assert tried.status == 400 and "所选的方案任务不存在" in await tried.text()
    assert (await site.services.orders.view(order_id, cast["station"])).order.task == "elderly.1"
