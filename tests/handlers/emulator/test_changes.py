import asyncio

from handlers.telegram.emulator import changes
from handlers.telegram.emulator.changes import ChangeFeed


def test_what_changed_since_a_version_oldest_first():
    feed = ChangeFeed()
    feed.record("message", 5, 1)
    seen = feed.version
    feed.record("edit", 5, 1)
    feed.record("answer", 5, 1, "q")
    assert [(c.kind, c.query_id) for c in feed.since(seen)] == [("edit", None), ("answer", "q")]
    assert feed.since(feed.version) == []


def test_a_follower_too_far_behind_is_told_to_read_everything(monkeypatch):
    monkeypatch.setattr(changes, "KEEP", 3)
    feed = ChangeFeed()
    for n in range(5):
        feed.record("message", 1, n)
    assert [c.kind for c in feed.since(0)] == ["reset"]
    assert [c.message_id for c in feed.since(2)] == [2, 3, 4]


async def test_a_waiting_follower_wakes_when_something_changes():
    feed = ChangeFeed()
    waiting = asyncio.create_task(feed.wait(0, timeout=5))
    await asyncio.sleep(0)
    assert not waiting.done()
    feed.record("chat", 7)
    assert await asyncio.wait_for(waiting, 1) == 1
    assert await feed.wait(0, timeout=0) == 1  # already beyond: no waiting
    assert await feed.wait(1, timeout=0.01) == 1  # nothing new: the timeout ends it
