"""Updates waiting for the bot, and the two ways it may take them.

getUpdates: an offset confirms every update below it, and confirmed updates are
forgotten; what is not confirmed comes again. A long poll waits up to `timeout`
seconds for something to arrive; a newer getUpdates ends the one still waiting with
409, and getUpdates while a webhook is set is 409. The id sequence can start again
lower (Telegram does so after a week without updates); an offset beyond anything
issued since then is not one of this sequence and confirms nothing.

Webhook: while one is set, a pusher posts the waiting updates to it, one at a time,
and an update is forgotten when the bot answered its post with 200.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from handlers.telegram.emulator.changes import Signal
from handlers.telegram.emulator.errors import terminated_by_other_poll, webhook_active

# Update types a bot gets when it never said which it wants (or said "[]").
NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


def kind(update: dict[str, Any]) -> str:
    return next((k for k in update if k != "update_id"), "")


@dataclass
class Webhook:
    url: str
    secret_token: str = ""
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str = ""
    allowed_updates: list[str] = field(default_factory=list)


class UpdateQueue:
    def __init__(self) -> None:
        self._pending: list[dict[str, Any]] = []
        self._next_id = 1
        self._issued = 0  # the highest id issued since the sequence (re)started
        self._allowed: frozenset[str] | None = None  # remembered from the last call
        self._poll = 0  # which getUpdates call is the current one
        self._closed = False
        self._signal = Signal()
        self.webhook: Webhook | None = None
        self.handed_out: deque[int] = deque(maxlen=100_000)  # ids getUpdates returned

    # --- what arrives -----------------------------------------------------------------

    def put(self, payload: dict[str, Any]) -> int:
        """Queue an update (its id is given here); returns the id."""
        update_id = self._next_id
        self._next_id += 1
        self._issued = max(self._issued, update_id)
        self._pending.append({"update_id": update_id, **payload})
        self._signal.fire()
        return update_id

    def replace(self, updates: list[dict[str, Any]]) -> None:
        """Make these (with their own ids) the updates Telegram holds for the bot."""
        self._pending = [dict(u) for u in updates]
        ids = [u["update_id"] for u in self._pending if isinstance(u.get("update_id"), int)]
        if ids:
            self._issued = max(self._issued, *ids)
            self._next_id = max(self._next_id, max(ids) + 1)
        self._signal.fire()

    def restart(self, first_id: int = 1) -> None:
        """Start the id sequence again at `first_id`, lower than before."""
        self._next_id = first_id
        self._issued = first_id - 1

    @property
    def pending(self) -> list[dict[str, Any]]:
        return list(self._pending)

    # --- getUpdates -------------------------------------------------------------------

    async def get(
        self, offset: int, limit: int, timeout: float, allowed: list[str] | None
    ) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise webhook_active()
        self._poll += 1
        mine = self._poll
        self._signal.fire()  # an earlier poll still waiting learns it was overtaken
        self.confirm(offset)
        if allowed is not None:
            self._allowed = frozenset(allowed) if allowed else None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(0.0, timeout)
        while True:
            batch = self._batch(max(1, min(limit, 100)))
            remaining = deadline - loop.time()
            if batch or remaining <= 0 or self._closed:
                self.handed_out.extend(u["update_id"] for u in batch)
                return batch
            await self._signal.wait(remaining)
            if self._poll != mine:
                raise terminated_by_other_poll()
            if self.webhook is not None:
                raise webhook_active()

    def confirm(self, offset: int) -> None:
        if offset < 0:  # the last -offset updates stay; all before them are forgotten
            self._pending = self._pending[offset:]
        elif 0 < offset <= self._issued + 1:
            self._pending = [u for u in self._pending if not _below(u, offset)]

    def _batch(self, limit: int) -> list[dict[str, Any]]:
        # Updates of a kind the bot does not take are never delivered: Telegram drops them.
        self._pending = [u for u in self._pending if self._wanted(u)]
        return [dict(u) for u in self._pending[:limit]]

    def _wanted(self, update: dict[str, Any]) -> bool:
        name = kind(update)
        if self._allowed is None:
            return name not in NOT_BY_DEFAULT
        return name in self._allowed

    def close(self) -> None:
        """End every waiting poll at once, and answer later ones at once (the server is
        stopping); `open` makes long polls wait again."""
        self._closed = True
        self._signal.fire()

    def open(self) -> None:
        self._closed = False

    # --- webhook ----------------------------------------------------------------------

    def set_webhook(self, webhook: Webhook | None, drop_pending: bool = False) -> None:
        self.webhook = webhook
        if webhook is not None and webhook.allowed_updates:
            self._allowed = frozenset(webhook.allowed_updates)
        if drop_pending:
            self._pending = []
        self._signal.fire()  # a waiting poll ends; a waiting pusher looks again

    def next_for_webhook(self) -> dict[str, Any] | None:
        batch = self._batch(1)
        return batch[0] if batch else None

    def delivered(self, update_id: int) -> None:
        self._pending = [u for u in self._pending if u.get("update_id") != update_id]

    async def wait(self, timeout: float | None) -> None:
        """Until something arrives or the webhook changes (or `timeout` passes)."""
        await self._signal.wait(timeout)


def _below(update: dict[str, Any], offset: int) -> bool:
    update_id = update.get("update_id")
    return isinstance(update_id, int) and update_id < offset
