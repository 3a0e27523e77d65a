"""Telegram saying no: a user who blocked the bot, and a network that fails for a while."""

import logging

import httpx
import pytest

from bot.domain.workflow import Role
from tests.handlers.harness import (
    RecordingRequest,
    cards,
    member,
    order_id_of,
    start_session,
    submitted_order,
)

BLOCKED = 9401
FLAKY = 9402


class FaultyRequest(RecordingRequest):
    """The network to FLAKY fails twice before it works."""

    def __init__(self, twin=None):
        super().__init__(twin)
        self._shared.setdefault("flaky_failures", 0)

    async def do_request(self, url, method, request_data=None, **kwargs):
        params = dict(request_data.parameters) if request_data else {}
        flaky = url.endswith("/sendMessage") and params.get("chat_id") == FLAKY
        if flaky and self._shared["flaky_failures"] < 2:
            self._shared["flaky_failures"] += 1
            raise httpx.ConnectError("connection reset")  # PTB turns it into NetworkError
        return await super().do_request(url, method, request_data, **kwargs)


@pytest.fixture
async def faulty(services):
    request = FaultyRequest()
    session = await start_session(services, request=request, twin=FaultyRequest(twin=request))
    yield session
    await session.application.shutdown()


async def test_a_blocked_agency_officer_does_not_stop_the_others(faulty, services, caplog):
    session = faulty
    agency_id = services.catalog.resolve("dalad", "旗农牧局").id
    station = await member(session, services, 9400, Role.station, "dalad-shulinzhao", "阵地")
    invite = await services.people.create_invite(None, Role.agency, agency_id)
    await services.people.redeem(BLOCKED, "已屏蔽", invite.code)
    session.request.emulator.people.block(BLOCKED)  # then blocked the bot
    await member(session, services, 9403, Role.agency, agency_id, "同事")
    colleague = session.chat(9403)
    await submitted_order(session)
    order_id = await order_id_of(services, cards(session, station, "新订单待派单")[-1])

    with caplog.at_level(logging.WARNING, logger="bot.outbox.sender"):
        await station.press("派给建议部门")
    assert cards(session, colleague, "请领单")  # the colleague still hears of it
    assert any(str(BLOCKED) in r.getMessage() for r in caplog.records)
    async with services.db.read() as tx:
        dead = await tx.scalar(
            "SELECT COUNT(*) FROM outbox WHERE address = CAST(? AS TEXT) AND dead = 1", (BLOCKED,)
        )
    assert dead == 1
    await colleague.press("领单")  # and the order goes on
    assert (await services.orders.view(order_id, 9403)).order.state == "claimed"


async def test_network_errors_are_retried_until_delivered_once(faulty, services):
    session = faulty
    invite = await services.people.create_invite(None, Role.station, "dalad-shulinzhao")
    await services.people.redeem(FLAKY, "阵地", invite.code)
    await submitted_order(session)  # the station's card meets two network errors first
    delivered = [c for c in cards(session, session.chat(FLAKY), "新订单待派单")]
    assert len(delivered) == 1
    async with services.db.read() as tx:
        row = await tx.fetchone(
            "SELECT attempts, sent_at FROM outbox WHERE address = CAST(? AS TEXT) AND template = ?",
            (FLAKY, "station.new_order"),
        )
    assert row["attempts"] == 3 and row["sent_at"] is not None
