"""The contract a second channel relies on: the whole story through the service API, heard
on a channel that is not Telegram.

People here reach us on "wecom" (a stand-in for any second channel): they are resolved to
persons by their account there, and every notification is delivered by a recording
channel adapter that reads each card as its reader may see it. No telegram import.
"""

from datetime import timedelta

import pytest

from bot.domain.clock import FakeClock
from bot.domain.workflow import Role
from bot.outbox import REFRESH
from bot.outbox.pacing import FakeTimeline, Pacer
from bot.outbox.sender import OutboxSender
from bot.services.orders import Given

CHANNEL = "wecom"


class RecordingChannel:
    """Delivers by remembering: (address, template, what the card shows its reader)."""

    def __init__(self, services):
        self.services = services
        self.heard: list[tuple[str, str, str | None]] = []
        self.refreshed: list[tuple[str, str]] = []

    async def __call__(self, message):
        if message.template == REFRESH:  # a card already out, to be drawn again
            self.refreshed.append((message.to.address, message.params["template"]))
            return None
        card = await self.services.cards.card_for(message)
        phone = card.view.phone if card.view else None
        self.heard.append((message.to.address, message.template, phone))
        return len(self.heard)

    def take(self):
        heard, self.heard = self.heard, []
        return heard


@pytest.fixture
async def story(world):
    services = world.services
    people = {}
    for name, external, role, scope in [
        ("resident", "u-resident", None, None),
        ("station", "u-station", Role.station, "dalad-shulinzhao"),
        ("agency", "u-agency", Role.agency, world.agency("旗农牧局")),
        ("team", "u-team", Role.team_leader, "dalad-agri"),
        ("coordinator", "u-boss", Role.coordinator, "dalad"),
    ]:
        person = await services.people.resolve(CHANNEL, external, name)
        if role is not None:
            invite = await services.people.create_invite(None, role, scope)
            await services.people.redeem(person, name, invite.code)
        people[name] = person
    channel = RecordingChannel(services)
    pacer = Pacer(FakeTimeline(FakeClock(world.clock.now())))
    sender = OutboxSender(services.db, services.clock, {CHANNEL: channel}, pacer)
    return services, people, channel, sender


async def _heard(channel, sender):
    await sender.drain()
    return {(address, template): phone for address, template, phone in channel.take()}


async def test_the_whole_story_heard_on_a_second_channel(world, story):
    services, who, channel, sender = story
    orders = services.orders
    outcome = await orders.submit(
        who["resident"],
        "居民",
        {
            "jurisdiction": "dalad",
            "station_id": "dalad-shulinzhao",
            "request_text": "嘎查想请人讲讲羊病防治",
            "contact_phone": "13812345678",
            "routed_task": "farmers.3",
            "routed_confident": True,
        },
    )
    order_id = outcome.order.id
    assert await _heard(channel, sender) == {
        ("u-station", "station.new_order"): "13812345678",
        ("u-resident", "resident.submitted"): "13812345678",
    }

    async def step(cmd, person, given=None):
        await orders.perform(cmd, order_id, who[person], None, given or Given())
        return await _heard(channel, sender)

    from bot.domain.workflow import Cmd

    assert await step(Cmd.dispatch, "station") == {
        ("u-agency", "agency.new_order"): "138****5678",
        ("u-resident", "resident.dispatched"): "13812345678",
    }
    # The station's card, already out with its buttons, is drawn again by its channel.
    assert channel.refreshed == [("u-station", "station.new_order")]
    claimed = await step(Cmd.claim, "agency")
    assert set(claimed) == {
        ("u-resident", "resident.claimed"),
        ("u-station", "station.claimed"),
        ("u-agency", "agency.claimed"),
    }
    assert await step(Cmd.publish, "agency") == {("u-team", "team.offer"): "138****5678"}
    accepted = await step(Cmd.accept, "team")
    assert accepted[("u-team", "team.accepted")] == "13812345678"  # the team now calls
    assert accepted[("u-agency", "agency.accepted")] == "138****5678"  # the agency does not
    assert ("u-resident", "resident.accepted") in accepted
    assert ("u-station", "station.accepted") in accepted

    when = services.clock.now() + timedelta(days=2)
    await orders.propose_time(order_id, who["team"], when)
    assert set(await _heard(channel, sender)) == {
        ("u-resident", "resident.time_proposed"),
        ("u-team", "team.time_proposed"),
    }
    assert set(await step(Cmd.confirm_time, "resident")) == {("u-team", "team.time_confirmed")}

    world.clock.advance(days=3)
    report = {"date": "2026-03-04", "attendance": 30, "hours": 2, "volunteers": 3}
    await orders.report_done(order_id, who["team"], report)
    assert set(await _heard(channel, sender)) == {
        ("u-resident", "resident.rate"),
        ("u-agency", "agency.done"),
        ("u-station", "station.done"),
    }
    assert set(await step(Cmd.rate, "resident", Given(stars=5))) == {
        ("u-team", "team.rated"),
        ("u-agency", "agency.rated"),
    }
    assert (await orders.view(order_id, who["resident"])).order.state == "closed"


async def test_a_person_is_the_same_person_on_two_channels(world):
    services = world.services
    first = await services.people.resolve(CHANNEL, "u-1", "王大姐")
    again = await services.people.resolve(CHANNEL, "u-1", "王大姐")
    other = await services.people.resolve("telegram", 555123, "王大姐")
    assert first == again and other != first
