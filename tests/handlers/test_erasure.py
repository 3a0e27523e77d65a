"""Personal data does not outlive its use: raw updates, old messages and abandoned drafts."""

import json

from bot.scheduling.housekeeping import KEEP_DRAFTS, tidy
from handlers.telegram import drafts
from handlers.telegram.inbox import InboxPoller
from tests.handlers.harness import FARMING


async def _half_filled(session):
    resident = session.chat(6201, "王大姐")
    await resident.send("/order")
    await resident.press("达拉特旗")
    await resident.press("树林召镇新时代文明实践所")
    await resident.send("嘎查想请人讲讲羊病防治，我家在三队，电话13812345678")
    await resident.press(FARMING)
    return resident


async def _ui_rows(services):
    async with services.db.read() as tx:
        return [r["value"] for r in await tx.fetchall("SELECT value FROM ui_state")]


async def test_an_abandoned_draft_expires_in_memory_and_on_disk(session, services):
    resident = await _half_filled(session)
    await session.application.update_persistence()
    await session.application.persistence.flush()
    assert any("13812345678" in row for row in await _ui_rows(services))

    services.clock.advance(days=1)
    assert drafts.expire(session.application, services.clock.now(), KEEP_DRAFTS) == []
    services.clock.advance(days=3)
    assert drafts.expire(session.application, services.clock.now(), KEEP_DRAFTS) == [6201]
    await session.application.update_persistence()
    await session.application.persistence.flush()
    assert not any("13812345678" in row for row in await _ui_rows(services))

    sent = await resident.send("本嘎查牧民")  # the audience step, days later
    assert any("已过期" in s.text for s in sent)
    sent = await resident.send("/order")  # and a new order starts from the top
    assert any("旗市" in s.text or "服务阵地" in s.text for s in sent)


async def test_raw_updates_holding_what_people_typed_go_with_the_erasure_window(session, services):
    services.settings.erase_after_days = 2
    poller = InboxPoller(services, session.application)
    typed = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 0,
            "text": "我的电话13812345678",
            "from": {"id": 6202, "is_bot": False, "first_name": "居民"},
            "chat": {"id": 6202, "type": "private"},
        },
    }
    unreadable = {"update_id": 2, "message": {"text": "电话13900000000"}}
    await poller.store([(1, typed), (2, unreadable)], 3)
    await poller.process_pending()
    services.clock.advance(days=1)
    await tidy(services)
    async with services.db.read() as tx:
        kept = [r["payload"] for r in await tx.fetchall("SELECT payload FROM inbox")]
    assert len(kept) == 2  # within the window: kept for looking into a problem
    services.clock.advance(days=1, hours=1)
    await tidy(services)
    async with services.db.read() as tx:
        rows = await tx.fetchall("SELECT update_id, payload, last_error FROM inbox")
    assert [r["update_id"] for r in rows] == [2]  # the failed one stays, for its error…
    assert json.loads(rows[0]["payload"]) == {"scrubbed": True}  # …without what was typed
    assert rows[0]["last_error"]
