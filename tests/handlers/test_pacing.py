"""Fan one order out to 200 volunteers and 5 team groups within Telegram's limits.

The recording network edge stamps every call with the (fake) time at which it
was made; waiting moves that clock, so the minutes of pacing run in an instant.
"""

import itertools
import json
from collections import defaultdict

from bot.domain.workflow import Role
from handlers.telegram.emulator import RateLimits
from storage import directory
from tests.handlers.harness import RecordingRequest, start_session

TEAMS = 5
MEMBERS = 40
THROTTLED = 9_000_017  # the one chat whose first message Telegram answers with 429
RETRY_AFTER = 7


class StampingRequest(RecordingRequest):
    def __init__(self, clock, twin=None):
        super().__init__(twin)
        self.clock = clock
        self._shared.setdefault("stamps", [])
        self._shared.setdefault("throttled", False)

    async def do_request(self, url, method, request_data=None, **kwargs):
        params = dict(request_data.parameters) if request_data else {}
        name = url.rsplit("/", 1)[-1]
        first_to_throttled = params.get("chat_id") == THROTTLED and not self._shared["throttled"]
        if name == "sendMessage" and first_to_throttled:
            self._shared["throttled"] = True
            self._shared["stamps"].append((self.clock.now().timestamp(), name, THROTTLED, 429))
            body = {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {RETRY_AFTER}",
                "parameters": {"retry_after": RETRY_AFTER},
            }
            return 429, json.dumps(body).encode()
        if name in ("sendMessage", "editMessageText"):
            stamp = (self.clock.now().timestamp(), name, params.get("chat_id"), 200)
            self._shared["stamps"].append(stamp)
        return await super().do_request(url, method, request_data, **kwargs)


async def _volunteers(services):
    now = services.clock.now()
    async with services.db.transaction() as tx:
        for n in range(TEAMS):
            team = directory.Team(
                f"dalad-fan{n}",
                "dalad",
                f"扇出{n}队",
                ["farmers"],
                [],
                [],
                {"telegram": str(-100_000 - n)},
            )
            await directory.upsert_team(tx, team)
            for m in range(MEMBERS):
                person = 9_000_000 + n * 100 + m
                await directory.add_account(tx, "telegram", str(person), f"队员{m}", None, now)
                await directory.grant(tx, person, Role.team_member.value, team.id, now, None)


async def _published_order(services, cast_ids):
    orders = services.orders
    station, agency, resident = cast_ids
    outcome = await orders.submit(
        resident,
        "居民",
        {
            "jurisdiction": "dalad",
            "station_id": "dalad-shulinzhao",
            "request_text": "想请人讲讲羊病防治",
            "routed_task": "farmers.3",
        },
    )
    order_id = outcome.order.id
    await orders.dispatch(order_id, station)
    await orders.claim(order_id, agency)
    await orders.publish(order_id, agency)
    return order_id


async def _grant(services, person, role, scope):
    now = services.clock.now()
    async with services.db.transaction() as tx:
        await directory.upsert_person(tx, person, "工作人员", None, now)
        await directory.grant(tx, person, role.value, scope, now, None)


def _windows_hold(stamps, width, limit):
    times = sorted(stamps)
    start = 0
    for end, moment in enumerate(times):
        while times[start] <= moment - width:
            start += 1
        if end - start + 1 > limit:
            return False
    return True


async def test_fan_out_to_200_volunteers_and_5_groups_keeps_the_limits(services):
    from bot.outbox.pacing import FakeTimeline, Pacer

    await _volunteers(services)
    agency_id = services.catalog.resolve("dalad", "旗农牧局").id
    await _grant(services, 7001, Role.station, "dalad-shulinzhao")
    await _grant(services, 7002, Role.agency, agency_id)
    order_id = await _published_order(services, (7001, 7002, 7003))

    request = StampingRequest(services.clock)
    # The emulator holds the bot to Telegram's limits on the same clock: a send the pacer
    # lets out too early is refused with 429 (and would then arrive twice or late).
    request.emulator.flood.clock = lambda: services.clock.now().timestamp()
    request.emulator.limits = RateLimits()
    session = await start_session(
        services,
        request=request,
        twin=StampingRequest(services.clock, twin=request),
        pacer=Pacer(FakeTimeline(services.clock)),
    )
    try:
        sender = session.application.bot_data["sender"]
        await sender.drain()
        offers = [s for s in request._shared["stamps"] if s[1] == "sendMessage" and s[3] == 200]
        chats = [s[2] for s in offers]
        volunteers = {c for c in chats if c > 0 and c >= 9_000_000}
        groups = {c for c in chats if c < 0}
        assert len(volunteers) == TEAMS * MEMBERS and len(groups) == TEAMS

        # Every copy of the offer arrives exactly once, the throttled one included.
        offer_chats = [c for c in chats if c >= 9_000_000 or c < 0]
        assert len(offer_chats) == len(set(offer_chats)) == TEAMS * MEMBERS + TEAMS
        refused = [s for s in request._shared["stamps"] if s[3] == 429]
        delivered = [s for s in offers if s[2] == THROTTLED]
        assert len(refused) == 1 and len(delivered) == 1
        assert delivered[0][0] - refused[0][0] >= RETRY_AFTER

        # A volunteer takes it: all other 204 cards are edited, also within the limits.
        await _accept(services, sender, order_id)
        stamps = request._shared["stamps"]
        edits = [s for s in stamps if s[1] == "editMessageText"]
        assert len(edits) == TEAMS * MEMBERS + TEAMS
        _assert_limits([s for s in stamps if s[3] == 200])
    finally:
        await session.application.shutdown()


async def _accept(services, sender, order_id):
    await services.orders.accept(order_id, 9_000_000)
    await sender.drain()


def _assert_limits(stamps):
    assert _windows_hold([s[0] for s in stamps], 1.0, 30), "over 30 messages in a second"
    by_chat = defaultdict(list)
    for moment, _, chat, _ in stamps:
        by_chat[chat].append(moment)
    for chat, moments in by_chat.items():
        if chat > 0:
            gaps = [b - a for a, b in itertools.pairwise(moments)]
            assert all(g >= 1.0 for g in gaps), f"private chat {chat} got two in a second"
        else:
            assert _windows_hold(moments, 60.0, 20), f"group {chat} got over 20 in a minute"
