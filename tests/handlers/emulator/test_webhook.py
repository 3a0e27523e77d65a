"""Webhook delivery: posted with the secret header, tried again until the bot says 200."""

import asyncio
import json

from aiohttp import web

from handlers.telegram.emulator import EmulatorServer
from handlers.telegram.emulator.updates import Webhook
from handlers.telegram.emulator.webhook import SECRET_HEADER, WebhookPusher


async def _until(condition, seconds=5.0):
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("timed out")


class Receiver:
    """A bot's webhook that fails `failures` times before it takes updates."""

    def __init__(self, failures=0):
        self.failures = failures
        self.posts = []

    async def __call__(self, url, headers, body):
        self.posts.append((url, headers, json.loads(body)))
        if self.failures:
            self.failures -= 1
            return 500
        return 200


async def test_each_update_is_posted_with_the_secret_until_the_bot_takes_it(emu):
    receiver = Receiver(failures=2)
    pusher = WebhookPusher(emu, post=receiver, first_pause=0.01)
    emu.updates.set_webhook(Webhook("http://127.0.0.1:9/hook", "s3cret"))
    first, second = emu.people.say(5, "/start"), emu.people.say(5, "/help")
    pusher.start()
    try:
        await _until(lambda: len(pusher.delivered) == 2)
    finally:
        await pusher.stop()
    assert [p[2]["update_id"] for p in receiver.posts] == [first, first, first, second]
    assert all(p[1][SECRET_HEADER] == "s3cret" for p in receiver.posts)
    assert pusher.delivered == [first, second] and emu.updates.pending == []
    hook = emu.updates.webhook
    assert hook.last_error_message == "Wrong response from the webhook: 500"
    assert hook.last_error_date is not None


async def test_nothing_is_posted_without_a_webhook_and_a_new_one_is_tried_at_once(emu):
    receiver = Receiver()
    pusher = WebhookPusher(emu, post=receiver, first_pause=60)  # a retry would take a minute
    emu.people.say(5, "/start")
    pusher.start()
    try:
        await asyncio.sleep(0.05)
        assert receiver.posts == []  # polling mode: the update waits for getUpdates
        emu.updates.set_webhook(Webhook("http://127.0.0.1:9/hook"))
        await _until(lambda: pusher.delivered)
    finally:
        await pusher.stop()
    assert SECRET_HEADER not in receiver.posts[0][1]  # no secret set, no header


async def test_over_http_to_a_real_listener(emu):
    got = []

    async def hook(request):
        if request.headers.get(SECRET_HEADER) != "abc":
            return web.Response(status=403)
        got.append(await request.json())
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    server = EmulatorServer(emu)
    await server.start()
    try:
        params = {"url": f"http://127.0.0.1:{port}/hook", "secret_token": "abc"}
        await emu.api.call("setWebhook", params)
        update_id = emu.people.say(5, "你好")
        await _until(lambda: got)
    finally:
        await server.stop()
        await runner.cleanup()
    assert got[0]["update_id"] == update_id and got[0]["message"]["text"] == "你好"
    assert emu.updates.pending == []


async def test_a_listener_that_is_not_there_is_recorded_and_retried(emu):
    pusher = WebhookPusher(emu, first_pause=0.01)
    emu.updates.set_webhook(Webhook("http://127.0.0.1:9/nothing-listens-here"))
    emu.people.say(5, "/start")
    pusher.start()
    try:
        await _until(lambda: emu.updates.webhook.last_error_message)
    finally:
        await pusher.stop()
    assert emu.updates.webhook.last_error_message.startswith("Connection failed")
    assert len(emu.updates.pending) == 1  # kept for the next try
