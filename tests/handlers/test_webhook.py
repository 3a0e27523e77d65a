"""Webhook mode over real HTTP: the secret header, storing before 200, then processing."""

import asyncio

import aiohttp
import pytest

from handlers.telegram.inbox import InboxPoller
from handlers.telegram.webhook import PATH, SECRET_HEADER, WebhookReceiver, serve_webhook
from storage import inbox

SECRET = "s3cret_-token"


@pytest.fixture
async def webhook(session, services):
    receiver = WebhookReceiver(InboxPoller(services, session.application), SECRET)
    runner = await serve_webhook(receiver, "127.0.0.1", 0)
    host, port = runner.addresses[0][:2]
    yield receiver, f"http://{host}:{port}{PATH}"
    receiver.stop()
    await runner.cleanup()


def _update(update_id, text="/help"):
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 0,
            "from": {"id": 8101, "is_bot": False, "first_name": "居民"},
            "chat": {"id": 8101, "type": "private"},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


async def _post(url, body, secret=SECRET):
    headers = {SECRET_HEADER: secret}
    async with aiohttp.ClientSession() as http, http.post(url, json=body, headers=headers) as r:
        return r.status


async def _stored(services):
    async with services.db.read() as tx:
        return await tx.scalar("SELECT COUNT(*) FROM inbox")


async def test_a_wrong_or_missing_secret_is_refused_and_stores_nothing(webhook, services):
    _, url = webhook
    assert await _post(url, _update(1), secret="guess") == 403
    assert await _post(url, _update(1), secret="") == 403
    assert await _post(url, {"no": "update id"}) == 400
    assert await _stored(services) == 0


async def test_an_update_is_stored_before_200_and_then_answered(webhook, services, session):
    receiver, url = webhook
    assert await _post(url, _update(7)) == 200
    async with services.db.read() as tx:
        waiting = await inbox.pending(tx)  # stored, not yet processed
    assert [(w.update_id, w.payload["message"]["text"]) for w in waiting] == [(7, "/help")]
    assert await _post(url, _update(7)) == 200  # Telegram's retry: stored once
    assert await _stored(services) == 1

    worker = asyncio.create_task(receiver.process_forever())
    for _ in range(100):
        if any(c.chat_id == 8101 and "/order" in c.text for c in session.request.calls):
            break
        await asyncio.sleep(0.02)
    receiver.stop()
    await worker
    assert any(c.chat_id == 8101 and "/order" in c.text for c in session.request.calls)
    async with services.db.read() as tx:
        assert await inbox.pending(tx) == []


async def test_a_failed_store_answers_500_so_telegram_retries(webhook, services):
    _, url = webhook
    async with services.db.transaction() as tx:
        await tx.execute("DROP TABLE inbox")  # storing must now fail
    assert await _post(url, _update(9)) == 500


async def test_healthz_answers_the_status_figures_as_json(webhook, services):
    from bot.health import gather

    receiver, url = webhook
    receiver.health = lambda: gather(
        services.db, services.settings.database_path, services.clock.now()
    )
    health = url.replace(PATH, "/healthz")
    async with aiohttp.ClientSession() as http, http.get(health) as response:
        body = await response.json()
        status = response.status
    # Not running under a lock, no tick yet: the figures say so, and the status is 503.
    assert status == 503 and body["ok"] is False
    assert "机器人未运行" in body["problems"] and "定时任务超过 5 分钟未运行" in body["problems"]
    assert body["outbox_backlog"] == 0 and body["updates_failed"] == 0
    assert await _post(url, _update(9)) == 200
    async with aiohttp.ClientSession() as http, http.get(health) as response:
        assert (await response.json())["updates_waiting"] == 1
