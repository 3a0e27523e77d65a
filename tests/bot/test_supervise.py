"""A process that runs but does nothing is the worst state: a loop that ends or stops beating
ends the process (non-zero), so that its supervisor starts it again."""

import asyncio
import logging
import sys

from bot.logs import OneLineFormatter
from bot.resilience import Backoff, Heartbeat
from handlers.telegram import runtime as run


async def _forever(beat):
    while True:
        beat.beat()
        await asyncio.sleep(0.01)


async def test_a_loop_that_ends_makes_the_process_exit_non_zero(caplog, monkeypatch):
    monkeypatch.setattr(run, "WATCH_EVERY", 0.05)

    async def dies():
        await asyncio.sleep(0.05)
        raise RuntimeError("the sender broke")

    loops, beat = run.Loops(), Heartbeat()
    loops.start("receiver", _forever(beat), beat)
    loops.start("sender", dies(), Heartbeat())
    with caplog.at_level(logging.CRITICAL, logger="handlers.telegram.runtime"):
        code = await asyncio.wait_for(run._supervise(loops, asyncio.Event()), 5)
    assert code == run.EXIT_LOOP_DIED == 1
    assert any(
        "sender loop ended" in r.getMessage() and "the sender broke" in r.getMessage()
        for r in caplog.records
    )
    loops.tasks["receiver"].cancel()


async def test_a_loop_that_stops_beating_makes_the_process_exit(caplog, monkeypatch):
    monkeypatch.setattr(run, "WATCH_EVERY", 0.05)
    monkeypatch.setitem(run.STALE_AFTER, "tick", 0.2)
    loops, beat = run.Loops(), Heartbeat()
    loops.start("receiver", _forever(beat), beat)
    loops.beats["tick"] = Heartbeat()  # the scheduler's job never runs again
    with caplog.at_level(logging.CRITICAL, logger="handlers.telegram.runtime"):
        code = await asyncio.wait_for(run._supervise(loops, asyncio.Event()), 5)
    assert code == 1
    assert any("tick has not run" in r.getMessage() for r in caplog.records)
    loops.tasks["receiver"].cancel()


async def test_a_stop_signal_ends_the_process_cleanly(monkeypatch):
    monkeypatch.setattr(run, "WATCH_EVERY", 0.05)
    loops, beat, stopping = run.Loops(), Heartbeat(), asyncio.Event()
    loops.start("receiver", _forever(beat), beat)
    asyncio.get_running_loop().call_later(0.1, stopping.set)
    assert await asyncio.wait_for(run._supervise(loops, stopping), 5) == 0
    loops.tasks["receiver"].cancel()


def test_backoff_doubles_up_to_its_cap_with_jitter():
    backoff = Backoff(base=1.0, cap=60.0, jitter=0.2)
    waits = [backoff.next() for _ in range(12)]
    for n, wait in enumerate(waits):
        expected = min(60.0, 2.0**n)
        assert 0.8 * expected <= wait <= 1.2 * expected
    assert len({round(w, 6) for w in waits[-5:]}) > 1  # jittered, not in step
    backoff.reset()
    assert backoff.next() <= 1.2


def test_a_traceback_is_folded_onto_its_events_line():
    try:
        raise ValueError("boom\nsecond line")
    except ValueError:
        record = logging.LogRecord(
            "bot", logging.ERROR, __file__, 1, "update %s failed", (7,), None
        )
        record.exc_info = sys.exc_info()
    line = OneLineFormatter("%(levelname)s %(message)s").format(record)
    assert "\n" not in line and line.startswith("ERROR update 7 failed")
    assert "Traceback" in line and "ValueError: boom ⏎ second line" in line
