"""Webhook delivery: while a webhook is set, each waiting update is posted to its URL
with the secret header, one at a time, until the bot answers 200; failures are kept
for getWebhookInfo and tried again after a growing pause."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from handlers.telegram.emulator.emulator import Emulator

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
Post = Callable[[str, dict[str, str], bytes], Awaitable[int]]


async def http_post(url: str, headers: dict[str, str], body: bytes) -> int:
    timeout = aiohttp.ClientTimeout(total=30)
    async with (
        aiohttp.ClientSession(timeout=timeout) as http,
        http.post(url, data=body, headers=headers) as response,
    ):
        return response.status


class WebhookPusher:
    def __init__(
        self, emulator: Emulator, post: Post = http_post, first_pause: float = 0.1, cap: float = 5.0
    ) -> None:
        self.emulator = emulator
        self.post = post
        self.first_pause, self.cap = first_pause, cap
        self.delivered: list[int] = []  # update ids the webhook took, in order
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self.run(), name="webhook-pusher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def run(self) -> None:
        pause = self.first_pause
        queue = self.emulator.updates
        while True:
            hook, update = queue.webhook, queue.next_for_webhook()
            if hook is None or update is None:
                await queue.wait(None)
                continue
            status, failure = await self._post(hook.url, hook.secret_token, update)
            if status == 200:
                queue.delivered(update["update_id"])
                self.delivered.append(update["update_id"])
                pause = self.first_pause
                continue
            hook.last_error_date = self.emulator.world.now()
            hook.last_error_message = failure
            await queue.wait(pause)  # a webhook set anew is tried at once
            pause = min(self.cap, pause * 2)

    async def _post(self, url: str, secret: str, update: dict[str, Any]) -> tuple[int, str]:
        headers = {"Content-Type": "application/json"}
        if secret:
            headers[SECRET_HEADER] = secret
        body = json.dumps(update, ensure_ascii=False).encode()
        try:
            status = await self.post(url, headers, body)
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            return 0, f"Connection failed: {exc.__class__.__name__}"
        return status, f"Wrong response from the webhook: {status}"
