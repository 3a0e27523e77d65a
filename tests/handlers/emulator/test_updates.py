"""getUpdates as Telegram serves it: offsets, long polls, a second poller, webhooks."""

import asyncio

import pytest

from handlers.telegram.emulator.errors import ApiError
from handlers.telegram.emulator.updates import UpdateQueue, Webhook


def _text(text="/help"):
    return {"message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}}}


def _ids(batch):
    return [u["update_id"] for u in batch]


async def test_an_offset_confirms_everything_below_it_and_the_rest_comes_again():
    queue = UpdateQueue()
    ids = [queue.put(_text()) for _ in range(3)]
    assert ids == [1, 2, 3]
    assert _ids(await queue.get(0, 100, 0, None)) == [1, 2, 3]
    assert _ids(await queue.get(0, 100, 0, None)) == [1, 2, 3]  # nothing confirmed yet
    assert _ids(await queue.get(3, 100, 0, None)) == [3]  # 1 and 2 are forgotten
    assert _ids(await queue.get(1, 100, 0, None)) == [3]  # and stay forgotten
    assert _ids(await queue.get(4, 2, 0, None)) == [] and queue.pending == []
    assert list(queue.handed_out) == [1, 2, 3, 1, 2, 3, 3, 3]


async def test_limit_and_a_negative_offset():
    queue = UpdateQueue()
    for _ in range(5):
        queue.put(_text())
    assert _ids(await queue.get(0, 2, 0, None)) == [1, 2]
    assert _ids(await queue.get(-2, 100, 0, None)) == [4, 5]  # the last two; the rest forgotten
    assert _ids(queue.pending) == [4, 5]


async def test_after_a_restart_an_offset_from_before_confirms_nothing():
    queue = UpdateQueue()
    queue.replace([{"update_id": 500 + i, **_text()} for i in range(3)])
    await queue.get(503, 100, 0, None)
    assert queue.pending == []
    queue.restart()
    assert [queue.put(_text()) for _ in range(2)] == [1, 2]
    # The bot still confirms with 503: not an offset of this sequence.
    assert _ids(await queue.get(503, 100, 0, None)) == [1, 2]
    assert _ids(await queue.get(3, 100, 0, None)) == []


async def test_a_long_poll_waits_for_an_update_and_ends_with_none_at_its_timeout():
    queue = UpdateQueue()
    poll = asyncio.create_task(queue.get(0, 100, 30, None))
    await asyncio.sleep(0.01)
    assert not poll.done()
    queue.put(_text())
    assert _ids(await asyncio.wait_for(poll, 1)) == [1]
    started = asyncio.get_running_loop().time()
    assert await queue.get(2, 100, 0.05, None) == []
    assert asyncio.get_running_loop().time() - started >= 0.05


async def test_a_second_poller_ends_the_first_with_409():
    queue = UpdateQueue()
    first = asyncio.create_task(queue.get(0, 100, 30, None))
    await asyncio.sleep(0.01)
    second = asyncio.create_task(queue.get(0, 100, 30, None))
    with pytest.raises(ApiError) as ended:
        await asyncio.wait_for(first, 1)
    assert ended.value.code == 409
    assert "terminated by other getUpdates request" in ended.value.description
    queue.put(_text())
    assert _ids(await asyncio.wait_for(second, 1)) == [1]  # the newer poll goes on


async def test_a_poll_abandoned_by_its_client_leaves_nothing_behind():
    queue = UpdateQueue()
    poll = asyncio.create_task(queue.get(0, 100, 30, None))
    await asyncio.sleep(0.01)
    poll.cancel()
    await asyncio.gather(poll, return_exceptions=True)
    queue.put(_text())
    assert _ids(await queue.get(0, 100, 0, None)) == [1]


async def test_getupdates_is_refused_while_a_webhook_is_set_and_a_waiting_poll_ends():
    queue = UpdateQueue()
    waiting = asyncio.create_task(queue.get(0, 100, 30, None))
    await asyncio.sleep(0.01)
    queue.set_webhook(Webhook("http://127.0.0.1:1/hook", "s"))
    for refused in (waiting, queue.get(0, 100, 0, None)):
        with pytest.raises(ApiError) as conflict:
            await asyncio.wait_for(refused, 1)
        assert conflict.value.code == 409 and "webhook is active" in conflict.value.description
    queue.set_webhook(None)
    assert await queue.get(0, 100, 0, None) == []


async def test_webhook_delivery_takes_one_at_a_time_and_forgets_what_was_delivered():
    queue = UpdateQueue()
    queue.put(_text())
    queue.put(_text())
    queue.set_webhook(Webhook("http://127.0.0.1:1/hook"))
    first = queue.next_for_webhook()
    assert first["update_id"] == 1 and queue.next_for_webhook()["update_id"] == 1
    queue.delivered(1)
    assert queue.next_for_webhook()["update_id"] == 2
    queue.set_webhook(Webhook("http://127.0.0.1:1/hook"), drop_pending=True)
    assert queue.next_for_webhook() is None


async def test_allowed_updates_are_remembered_and_other_kinds_are_dropped():
    queue = UpdateQueue()
    queue.put({"message_reaction": {}})  # not delivered unless asked for
    queue.put({"callback_query": {}})
    queue.put({"message": {}})
    assert _ids(await queue.get(0, 100, 0, None)) == [2, 3]
    queue.put({"callback_query": {}})
    assert _ids(await queue.get(0, 100, 0, ["message"])) == [3]
    queue.put({"callback_query": {}})
    assert _ids(await queue.get(0, 100, 0, None)) == [3]  # still only messages
