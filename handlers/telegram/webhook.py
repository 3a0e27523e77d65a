"""Webhook mode: Telegram posts each update to us; we answer 200 only once it is stored.

A request without Telegram's secret header is refused (403) and stores nothing.
If storing fails we answer 500, so Telegram keeps the update and posts it again.
Stored updates are processed by the same inbox code as in polling mode.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from typing import Any

from aiohttp import web

from bot.resilience import Backoff, Heartbeat
from handlers.telegram.inbox import InboxPoller, StorageTrouble

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PATH = "/telegram"
MAX_BODY = 1 << 20  # Telegram's updates are small; a larger body is not from Telegram


class WebhookReceiver:
    def __init__(self, poller: InboxPoller, secret: str, path: str = PATH) -> None:
        self.path = path or PATH
        self.poller = poller
        self.services = poller.services
        self.secret = secret
        self._arrived = asyncio.Event()
        self._stopped = False
        self.heartbeat = Heartbeat()
        self.health: Any = None  # set by the runner: a coroutine function giving the figures

    def app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY)
        self.add_routes(app)
        app.router.add_get("/healthz", self.healthz)
        return app

    def add_routes(self, app: web.Application) -> None:
        """The webhook path on a shared listener (the web console's, in webhook mode)."""
        app.router.add_post(self.path, self.receive)

    async def healthz(self, request: web.Request) -> web.Response:
        """The figures of `admin status` as JSON; 503 when something is wrong."""
        if self.health is None:
            return web.json_response({"ok": True})
        figures = await self.health()
        return web.json_response(figures.as_dict(), status=200 if figures.ok else 503)

    async def receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            return web.Response(status=403)
        try:
            payload: Any = await request.json()
            update_id = int(payload["update_id"])
        except (ValueError, KeyError, TypeError):
            return web.Response(status=400)
        try:
            await self.poller.store([(update_id, payload)], None)
        except Exception as exc:
            log.error("could not store update %s: %s", update_id, exc)
            return web.Response(status=500)  # Telegram retries what it did not get a 200 for
        self._arrived.set()
        return web.Response(status=200)

    def stop(self) -> None:
        self._stopped = True
        self._arrived.set()

    async def process_forever(self) -> None:
        """Process what is stored, then wait for the next arrival (beating while idle).
        A storage fault is waited out with a growing pause; nothing else ends the loop."""
        backoff = Backoff(base=1.0, cap=60.0)
        while not self._stopped:
            self._arrived.clear()
            self.heartbeat.beat()
            try:
                await self.poller.process_pending()
                backoff.reset()
            except StorageTrouble:
                await asyncio.sleep(backoff.next())
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), 30)


async def serve_webhook(
    receiver: WebhookReceiver, listen: str, port: int, shared: web.Application | None = None
) -> web.AppRunner:
    """Serve the webhook alone, or on `shared` (the web console) beside its pages."""
    if shared is not None:
        receiver.add_routes(shared)
    runner = web.AppRunner(shared if shared is not None else receiver.app(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, listen, port).start()
    return runner
