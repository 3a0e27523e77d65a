"""The outbox sender keeps per-chat limits and order, on a real SQLite outbox."""

import itertools

from bot.outbox.pacing import FakeTimeline, Limits, Pacer
from bot.outbox.sender import OutboxSender, RetryLater
from storage import outbox
from storage.outbox import Address

GROUP = Address("telegram", "-100123", "group")
PERSON, OTHER = Address("telegram", "555"), Address("telegram", "556")


async def _queue(world, rows):
    async with world.services.db.transaction() as tx:
        await outbox.enqueue(tx, rows, world.clock.now())


def _sender(world, stamps, fail=None):
    async def deliver(message):
        if fail and fail(message):
            raise RetryLater(3)
        stamps.append((world.clock.now().timestamp(), message.to, message.params["n"]))
        return len(stamps)

    pacer = Pacer(FakeTimeline(world.clock))
    return OutboxSender(world.services.db, world.clock, deliver, pacer)


async def test_a_group_gets_at_most_twenty_a_minute_and_a_person_one_a_second(world):
    await _queue(world, [(GROUP, "x", {"n": n}, [], None) for n in range(25)])
    await _queue(world, [(PERSON, "x", {"n": n}, [], None) for n in range(3)])
    stamps: list[tuple[float, int, int]] = []
    assert await _sender(world, stamps).drain() == 28

    group = [s for s in stamps if s[1] == GROUP]
    person = [s for s in stamps if s[1] == PERSON]
    assert [s[2] for s in group] == list(range(25))  # in the order queued
    assert [s[2] for s in person] == [0, 1, 2]
    assert group[20][0] - group[0][0] >= 60  # the 21st waited for the minute to pass
    assert group[19][0] - group[0][0] < 1  # the first twenty did not wait
    assert all(b[0] - a[0] >= 1 for a, b in itertools.pairwise(person))


async def test_a_waiting_chat_does_not_hold_up_the_others(world):
    await _queue(world, [(PERSON, "x", {"n": n}, [], None) for n in range(2)])
    await _queue(world, [(OTHER, "x", {"n": 0}, [], None)])
    stamps: list[tuple[float, int, int]] = []
    sender = _sender(world, stamps)
    assert await sender.flush() == 2  # PERSON's second message waits; OTHER's goes now
    assert [s[1] for s in stamps] == [PERSON, OTHER]
    assert 0 < sender.next_wait <= 1


async def test_overall_rate_is_thirty_a_second(world):
    await _queue(
        world, [(Address("telegram", str(1000 + n)), "x", {"n": n}, [], None) for n in range(90)]
    )
    stamps: list[tuple[float, int, int]] = []
    await _sender(world, stamps).drain()
    start = stamps[0][0]
    per_second = [sum(1 for s in stamps if start + k <= s[0] < start + k + 1) for k in range(3)]
    assert per_second == [30, 30, 30]


async def test_a_429_holds_only_that_chat_and_delivers_once(world):
    await _queue(world, [(PERSON, "x", {"n": 0}, [], None), (OTHER, "x", {"n": 0}, [], None)])
    refused: list[float] = []

    def fail(message):
        if message.to == PERSON and not refused:
            refused.append(world.clock.now().timestamp())
            return True
        return False

    stamps: list[tuple[float, int, int]] = []
    assert await _sender(world, stamps, fail).drain() == 2
    person = [s for s in stamps if s[1] == PERSON]
    assert len(person) == 1 and person[0][0] - refused[0] >= 3
    assert next(s[1] for s in stamps) == OTHER


def test_the_pacer_limits_are_telegrams():
    assert Limits() == Limits(per_second=30, private_gap=1.0, group_per_minute=20)


async def test_sent_messages_are_forgotten_after_thirty_days_and_pending_ones_kept(world):
    from bot.scheduling.housekeeping import tidy

    await _queue(world, [(PERSON, "x", {"n": 0}, [], None)])
    stamps: list[tuple[float, int, int]] = []
    await _sender(world, stamps).drain()
    world.clock.advance(days=29)
    await _queue(world, [(OTHER, "x", {"n": 1}, [], None)])  # not sent: must stay
    assert (await tidy(world.services)).messages == 0
    world.clock.advance(days=2)
    assert (await tidy(world.services)).messages == 1
    async with world.services.db.read() as tx:
        assert await outbox.count_pending(tx) == 1
