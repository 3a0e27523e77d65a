"""The update receiver under faults: it logs once, backs off, goes on, and never goes deaf.

Each test injects a real fault where it can: a full database is SQLite's own
`max_page_count`, a locked one is a second connection holding the write lock,
a second poller is the emulator's 409, a poison update is one that cannot be read.
"""

import asyncio
import logging
import sqlite3

import pytest

from handlers.telegram.emulator.errors import terminated_by_other_poll
from handlers.telegram.inbox import MAX_ATTEMPTS, InboxPoller, StorageTrouble
from storage import inbox
from tests.handlers.harness import start_session

USER = 7301


def _text(update_id, text, user=USER, message_id=None):
    entities = []
    if text.startswith("/"):
        entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {
        "update_id": update_id,
        "message": {
            "message_id": message_id or update_id,
            "date": 0,
            "text": text,
            "entities": entities,
            "from": {"id": user, "is_bot": False, "first_name": "居民"},
            "chat": {"id": user, "type": "private"},
        },
    }


@pytest.fixture
async def telegram(services):
    """The emulator serves getUpdates as Telegram does: an offset confirms what lies below
    it; after the sequence restarts lower, an offset beyond anything issued since is not
    known and confirms nothing."""
    session = await start_session(services)
    yield session
    await session.application.shutdown()


def _another_instance_polls(session, times):
    """Telegram answers the next `times` getUpdates with 409, as when a second instance
    polls with the same token."""
    session.request.emulator.faults.add("getUpdates", terminated_by_other_poll(), times=times)


class Naps:
    """asyncio.sleep for the poller: records each wait, waits no real time."""

    def __init__(self):
        self.waits = []

    async def __call__(self, seconds):
        self.waits.append(seconds)
        await asyncio.sleep(0)


async def _run_until(poller, done, limit=2000):
    """Run the receive loop until `done()` holds; fail if it never does."""
    task = asyncio.create_task(poller.run())
    try:
        for _ in range(limit):
            if done():
                return
            if task.done():
                task.result()
                raise AssertionError("the receive loop ended by itself")
            await asyncio.sleep(0.005)
        raise AssertionError("the receive loop never got there")
    finally:
        poller.stop()
        await asyncio.wait_for(task, 5)


async def _until(condition, seconds=10.0):
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("timed out")


def _answers(session, user=USER):
    return [c.text for c in session.request.calls if c.chat_id == user and c.text]


async def _errors(caplog):
    return [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_second_poller_is_logged_once_waited_out_and_survived(telegram, services, caplog):
    _another_instance_polls(telegram, 4)
    telegram.request.updates = [_text(1, "/help")]
    naps = Naps()
    poller = InboxPoller(services, telegram.application, sleep=naps)
    with caplog.at_level(logging.INFO, logger="handlers.telegram.inbox"):
        await _run_until(poller, lambda: _answers(telegram))
    conflicts = [r for r in caplog.records if "Conflict" in r.getMessage()]
    assert len(conflicts) == 1 and conflicts[0].levelno == logging.ERROR
    assert any("works again after 4 failure(s)" in r.getMessage() for r in caplog.records)
    assert 0.8 * 15 <= sum(naps.waits) <= 1.2 * 15  # 1 + 2 + 4 + 8 s, each within ±20 %


async def test_backoff_is_bounded_however_long_the_fault_lasts(telegram, services):
    _another_instance_polls(telegram, 12)
    telegram.request.updates = [_text(1, "/help")]
    naps = Naps()
    poller = InboxPoller(services, telegram.application, sleep=naps)
    await _run_until(poller, lambda: _answers(telegram))
    assert max(naps.waits) <= 60 * 1.2
    # The long waits are slept in steps of at most 5 s, so stop() is never far away.
    assert all(w <= 5 for w in naps.waits)
    assert sum(naps.waits) > 300  # and yet it really waited: 1+2+…+60+60+…


async def test_a_restarted_lower_sequence_keeps_being_answered(telegram, services):
    request = telegram.request
    request.updates = [_text(500 + i, "/help", message_id=i) for i in range(3)]
    poller = InboxPoller(services, telegram.application)
    await poller.fetch_once(timeout=0)
    await poller.process_pending()
    await poller.fetch_once(timeout=0)  # confirms 500..502
    assert len(_answers(telegram)) == 3

    # Telegram starts again at 1 (a week without updates, a new token, a local server):
    # ids the inbox still holds come back with new content.
    request.emulator.updates.restart()
    request.updates = [_text(1 + i, "/start", message_id=900 + i) for i in range(3)]
    for _ in range(3):
        await poller.fetch_once(timeout=0)
        await poller.process_pending()
    greetings = [t for t in _answers(telegram) if "群众点单" in t]
    assert len(greetings) == 3
    assert request.updates == []  # and they were confirmed: nothing comes back again
    async with services.db.read() as tx:
        assert await inbox.next_offset(tx) == 4


async def test_a_new_update_reusing_an_old_id_is_not_taken_for_a_redelivery(telegram, services):
    poller = InboxPoller(services, telegram.application)
    assert await poller.store([(7, _text(7, "/help", message_id=1))], 8) == 1
    assert await poller.store([(7, _text(7, "/help", message_id=1))], 8) == 0  # redelivered
    assert await poller.store([(7, _text(7, "/start", message_id=2))], 8) == 1  # a new one
    assert await poller.process_pending() == 2


async def test_a_poison_update_is_recorded_as_failed_and_skipped(telegram, services, caplog):
    request = telegram.request
    unreadable = {"update_id": 40, "message": {"text": "no chat, no date, no id"}}
    request.updates = [unreadable, _text(41, "/help")]
    poller = InboxPoller(services, telegram.application)
    with caplog.at_level(logging.ERROR, logger="handlers.telegram.inbox"):
        await poller.fetch_once(timeout=0)
        assert await poller.process_pending() == 2
    assert _answers(telegram)  # the update after it was answered
    async with services.db.read() as tx:
        failed = await tx.fetchall(
            "SELECT update_id, last_error FROM inbox WHERE failed_at IS NOT NULL"
        )
        health = await inbox.health(tx)
    assert [r["update_id"] for r in failed] == [40] and failed[0]["last_error"]
    assert health.failed == 1 and health.waiting == 0
    assert sum("40" in r.getMessage() for r in caplog.records) == 1


async def test_an_update_whose_handler_has_a_bug_is_failed_and_the_next_is_answered(
    telegram, services
):
    from telegram.ext import CommandHandler

    async def broken(update, context):
        raise ValueError("a bug in a handler")

    telegram.application.add_handler(CommandHandler("boom", broken), group=-2)
    telegram.request.updates = [_text(50, "/boom"), _text(51, "/help")]
    poller = InboxPoller(services, telegram.application)
    await poller.fetch_once(timeout=0)
    await poller.process_pending()
    answers = _answers(telegram)
    assert any("出了点问题" in t for t in answers) and any("/order" in t for t in answers)
    async with services.db.read() as tx:
        row = await tx.fetchone("SELECT failed_at, last_error FROM inbox WHERE update_id = 50")
    assert row["failed_at"] and "a bug in a handler" in row["last_error"]


async def test_half_an_emoji_does_not_make_an_update_unstorable(telegram, services):
    poller = InboxPoller(services, telegram.application)
    cut = _text(60, "讲座\ud83d")  # Telegram cut the text in the middle of a surrogate pair
    assert await poller.store([(60, cut), (61, _text(61, "/help"))], 62) == 2
    async with services.db.read() as tx:
        waiting = await inbox.pending(tx)
    assert waiting[0].payload["message"]["text"] == "讲座\ufffd"


def _fill_up(db_path):
    """SQLite's own 'database or disk is full': no page may be added any more."""
    conn = sqlite3.connect(db_path)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    return pages


async def _set_max_pages(services, pages):
    services.db.conn.execute(f"PRAGMA max_page_count={pages}")


async def test_a_full_disk_while_storing_is_survived_and_nothing_is_confirmed(
    telegram, services, caplog
):
    request = telegram.request
    big = "/help " + "羊" * 3000  # each update needs new pages
    request.updates = [_text(70 + i, big, message_id=i) for i in range(5)]
    await _set_max_pages(services, _fill_up(services.settings.database_path))
    naps = Naps()
    poller = InboxPoller(services, telegram.application, sleep=naps)
    with caplog.at_level(logging.ERROR, logger="handlers.telegram.inbox"):
        with pytest.raises(sqlite3.OperationalError, match="full"):
            await poller.fetch_once(timeout=0)
        assert len(request.updates) == 5  # nothing was confirmed
        task = asyncio.create_task(poller.run())
        await _until(lambda: len(naps.waits) >= 3)
        await _set_max_pages(services, 1_000_000)  # space again
        await _until(lambda: not request.updates and len(_answers(telegram)) == 5)
        poller.stop()
        await asyncio.wait_for(task, 5)
    full = [r for r in caplog.records if "full" in r.getMessage()]
    assert len(full) == 1
    async with services.db.read() as tx:
        assert (await inbox.health(tx)).failed == 0


async def test_a_storage_fault_while_handling_never_marks_the_update_done(telegram, services):
    request = telegram.request
    request.updates = [_text(80, "/start", user=USER)]
    poller = InboxPoller(services, telegram.application)
    await poller.fetch_once(timeout=0)
    # A second connection holds the write lock: the handler's transaction cannot begin.
    services.db.conn.execute("PRAGMA busy_timeout=50")
    blocker = sqlite3.connect(services.settings.database_path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageTrouble, match="locked"):
            await poller.process_pending()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
        services.db.conn.execute("PRAGMA busy_timeout=5000")
    assert not any("出了点问题" in t for t in _answers(telegram))
    async with services.db.read() as tx:
        waiting = await inbox.pending(tx)
    assert [w.update_id for w in waiting] == [80]  # not done, and not failed
    assert await poller.process_pending() == 1
    assert sum("群众点单" in t for t in _answers(telegram)) == 1


async def test_an_update_that_always_meets_a_storage_fault_fails_after_max_attempts(
    telegram, services, monkeypatch
):
    from bot.services import people

    async def disk_full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(people.PeopleService, "held_roles", disk_full)  # only /start asks
    poller = InboxPoller(services, telegram.application)
    await poller.store([(90, _text(90, "/start")), (91, _text(91, "/help"))], 92)
    for _ in range(MAX_ATTEMPTS - 1):
        with pytest.raises(StorageTrouble):
            await poller.process_pending()
    assert await poller.process_pending() == 2  # the last attempt gives up; /help goes on
    async with services.db.read() as tx:
        row = await tx.fetchone("SELECT attempts, failed_at FROM inbox WHERE update_id = 90")
    assert row["attempts"] == MAX_ATTEMPTS and row["failed_at"]
    assert any("/order" in t for t in _answers(telegram))


async def test_the_inbox_commit_is_flushed_to_disk_before_it_counts(telegram, services):
    statements = []
    services.db.conn.set_trace_callback(statements.append)
    poller = InboxPoller(services, telegram.application)
    await poller.store([(95, _text(95, "/help"))], 96)
    services.db.conn.set_trace_callback(None)
    insert = next(
        i for i, s in enumerate(statements) if s.startswith("INSERT OR IGNORE INTO inbox")
    )
    full = max(i for i, s in enumerate(statements[:insert]) if "synchronous" in s)
    assert statements[full] == "PRAGMA synchronous=FULL"
    commit = statements.index("COMMIT", insert)
    assert statements[commit + 1] == "PRAGMA synchronous=NORMAL"


async def test_a_press_reusing_an_old_update_id_is_not_taken_for_a_repeat(session, services):
    """After Telegram restarts its sequence, a claim may arrive with the id of an old
    dispatch; the claim must still happen (keys are the presses', not the updates')."""
    from telegram import Update

    from bot.domain.workflow import Role
    from tests.handlers.harness import cards, member, order_id_of, submitted_order

    station = await member(session, services, 7901, Role.station, "dalad-shulinzhao", "阵地")
    agency_id = services.catalog.resolve("dalad", "旗农牧局").id
    agency = await member(session, services, 7902, Role.agency, agency_id, "农牧局")
    await submitted_order(session)
    order_id = await order_id_of(services, cards(session, station, "新订单待派单")[-1])

    async def press_as_update_7(chat, label):
        payload = {"update_id": 7, **chat.press_update(label)}
        await session.application.process_update(Update.de_json(payload, session.application.bot))
        await session.application.bot_data["sender"].drain()

    await press_as_update_7(station, "派给建议部门")
    await press_as_update_7(agency, "领单")  # the same update id, a new press
    assert (await services.orders.view(order_id, agency.user_id)).order.state == "claimed"
