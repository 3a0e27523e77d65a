"""The outbox sender under storage faults: nothing is sent twice, and it backs off as one."""

import asyncio
import contextlib
import logging
import sqlite3

from bot.domain.workflow import Role
from storage import outbox
from tests.handlers.harness import cards, member, submitted_order


async def test_a_card_sent_while_the_disk_refuses_the_record_goes_out_once(
    session, services, monkeypatch
):
    station = await member(session, services, 7401, Role.station, "dalad-shulinzhao", "阵地")
    real_mark_sent, refusals = outbox.mark_sent, {"left": 3}

    async def full_disk_at_first(*args, **kwargs):
        if refusals["left"]:
            refusals["left"] -= 1
            raise sqlite3.OperationalError("database or disk is full")
        return await real_mark_sent(*args, **kwargs)

    monkeypatch.setattr(outbox, "mark_sent", full_disk_at_first)
    sender = session.application.bot_data["sender"]
    session.application.bot_data["sender"] = _NoDrain()  # let the test drive the passes
    try:
        resident = await submitted_order(session)
    finally:
        session.application.bot_data["sender"] = sender
    for _ in range(6):  # three passes meet the refusal, then the record works
        with contextlib.suppress(sqlite3.OperationalError):
            await sender.flush()
    # Each message went out once, although recording the first failed three passes running.
    assert len(cards(session, resident, "已收到您的需求")) == 1
    assert len(cards(session, station, "新订单待派单")) == 1
    async with services.db.read() as tx:
        row = await tx.fetchone(
            "SELECT sent_at, message_id, attempts FROM outbox "
            "WHERE address = CAST(? AS TEXT) AND template = ?",
            (station.user_id, "station.new_order"),
        )
    assert row["sent_at"] is not None and row["message_id"] is not None and row["attempts"] == 1


class _NoDrain:
    async def drain(self):
        return 0

    def wake(self):
        return None


async def test_while_storage_fails_the_whole_sender_backs_off_and_logs_once(
    session, services, monkeypatch, caplog
):
    station = await member(session, services, 7402, Role.station, "dalad-shulinzhao", "阵地")
    sender = session.application.bot_data["sender"]
    session.application.bot_data["sender"] = _NoDrain()
    try:
        await submitted_order(session)
    finally:
        session.application.bot_data["sender"] = sender
    real_pending, calls = outbox.pending, {"n": 0}

    async def locked_for_a_while(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] <= 4:
            raise sqlite3.OperationalError("database is locked")
        return await real_pending(*args, **kwargs)

    monkeypatch.setattr(outbox, "pending", locked_for_a_while)
    sender.backoff.base = 0.01  # the same doubling, in hundredths of a second
    started = asyncio.get_running_loop().time()
    with caplog.at_level(logging.INFO, logger="bot.outbox.sender"):
        task = asyncio.create_task(sender.run(idle_seconds=0.05))
        for _ in range(500):
            if cards(session, station, "新订单待派单"):
                break
            await asyncio.sleep(0.01)
        sender.stop()
        await asyncio.wait_for(task, 5)
    waited = asyncio.get_running_loop().time() - started
    assert len(cards(session, station, "新订单待派单")) == 1
    assert waited >= 0.8 * (0.01 + 0.02 + 0.04 + 0.08)  # it did back off, four times
    locked = [r for r in caplog.records if "locked" in r.getMessage()]
    assert len(locked) == 1 and locked[0].levelno == logging.ERROR
    assert any("works again after 4 failure(s)" in r.getMessage() for r in caplog.records)


async def test_a_card_for_someone_who_lost_access_is_dropped_not_retried(session, services):
    station = await member(session, services, 7403, Role.station, "dalad-shulinzhao", "阵地")
    sender = session.application.bot_data["sender"]
    session.application.bot_data["sender"] = _NoDrain()
    try:
        await submitted_order(session)  # the card is queued for the station officer…
    finally:
        session.application.bot_data["sender"] = sender
    await services.people.revoke(None, station.user_id, Role.station, "dalad-shulinzhao")
    await sender.drain()  # …who lost the role before it went out
    assert not cards(session, station, "新订单待派单")
    async with services.db.read() as tx:
        row = await tx.fetchone(
            "SELECT dead, attempts, last_error FROM outbox "
            "WHERE address = CAST(? AS TEXT) AND template = ?",
            (station.user_id, "station.new_order"),
        )
    assert row["dead"] == 1 and row["attempts"] == 1 and "may no longer see" in row["last_error"]
