"""Updates are stored before they are confirmed, and processed once, in order."""

from handlers.telegram.inbox import InboxPoller
from storage import inbox


def _message(update_id, user_id, text):
    entities = (
        [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        if text.startswith("/")
        else []
    )
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 0,
            "text": text,
            "entities": entities,
            "from": {"id": user_id, "is_bot": False, "first_name": "居民"},
            "chat": {"id": user_id, "type": "private"},
        },
    }


async def test_a_batch_is_stored_before_it_is_confirmed(session, services):
    request = session.request
    request.updates = [_message(10, 7001, "/start"), _message(11, 7002, "/help")]
    poller = InboxPoller(services, session.application)
    assert await poller.fetch_once(timeout=0) == 2
    first_call = [c for c in request.calls if c.method == "getUpdates"][-1]
    assert first_call.params.get("offset") is None
    # Nothing processed yet, and Telegram still holds both (not yet confirmed).
    assert [u["update_id"] for u in request.updates] == [10, 11]
    assert await poller.process_pending() == 2
    assert any("群众点单" in c.text for c in request.calls if c.chat_id == 7001)
    await poller.fetch_once(timeout=0)
    assert [c for c in request.calls if c.method == "getUpdates"][-1].params["offset"] == 12
    assert request.updates == []


async def test_a_crash_before_processing_loses_nothing(session, services):
    session.request.updates = [_message(20 + i, 7100 + i, "/start") for i in range(5)]
    await InboxPoller(services, session.application).fetch_once(timeout=0)
    # The process dies here: stored, not processed. A new poller picks them up.
    restarted = InboxPoller(services, session.application)
    assert await restarted.process_pending() == 5
    greeted = {c.chat_id for c in session.request.calls if "群众点单" in c.text}
    assert greeted == {7100 + i for i in range(5)}
    assert await restarted.process_pending() == 0


async def test_a_redelivered_update_is_stored_and_processed_once(session, services):
    poller = InboxPoller(services, session.application)
    session.request.updates = [_message(30, 7200, "/start")]
    await poller.fetch_once(timeout=0)
    # Telegram sends it again (a webhook retry, or a batch the bot did not confirm).
    assert await poller.store([(30, _message(30, 7200, "/start"))], None) == 0
    assert await poller.process_pending() == 1
    assert sum(1 for c in session.request.calls if c.chat_id == 7200 and "群众点单" in c.text) == 1


async def test_old_processed_updates_are_forgotten_but_the_offset_is_kept(session, services):
    from bot.scheduling.housekeeping import tidy

    request = session.request
    request.updates = [_message(20, 7101, "/help"), _message(21, 7102, "/help")]
    poller = InboxPoller(services, session.application)
    await poller.fetch_once(timeout=0)
    await poller.process_pending()
    await poller.store([(22, _message(22, 7103, "/help"))], 23)  # not yet processed
    services.clock.advance(days=8)
    tidied = await tidy(services)
    assert tidied.updates == 2
    async with services.db.read() as tx:
        assert await inbox.next_offset(tx) == 23
        assert [u.update_id for u in await inbox.pending(tx)] == [22]
