"""Delivering the outbox: read what is due, send it, record the result.

Sending happens outside any transaction. A crash after the send and before the
mark means the message goes out again on restart (at least once); a crash
before the send loses nothing, because the row is still pending.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.clock import Clock
from storage import outbox
from storage.db import Database
from storage.outbox import OutboxMessage

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


class RecipientGone(Exception):
    """The chat cannot receive messages (the user blocked the bot, the group is gone)."""


class RetryLater(Exception):
    def __init__(self, seconds: float, message: str = "") -> None:
        super().__init__(message or f"retry after {seconds}s")
        self.seconds = seconds


Deliver = Callable[[OutboxMessage], Awaitable[int | None]]


def retry_seconds(value: int | float | timedelta) -> float:
    """Telegram's retry_after, which PTB gives as seconds or as a timedelta."""
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(3600, 5 * 2**attempts))


class OutboxSender:
    def __init__(self, db: Database, clock: Clock, deliver: Deliver) -> None:
        self.db = db
        self.clock = clock
        self.deliver = deliver

    async def flush(self, limit: int = 100) -> int:
        """Send what is due; returns how many were delivered."""
        async with self.db.read() as tx:
            due = await outbox.pending(tx, self.clock.now(), limit)
        sent = 0
        for message in due:
            sent += await self._send_one(message)
        return sent

    async def _send_one(self, message: OutboxMessage) -> int:
        try:
            telegram_id = await self.deliver(message)
        except RecipientGone as exc:
            log.warning(
                "chat %s cannot be reached, dropping %s: %s", message.chat_id, message.template, exc
            )
            async with self.db.transaction() as tx:
                await outbox.mark_dead(tx, message.id, f"gone: {exc}")
            return 0
        except RetryLater as exc:
            async with self.db.transaction() as tx:
                retry_at = self.clock.now() + timedelta(seconds=exc.seconds)
                await outbox.mark_retry(tx, message.id, str(exc), retry_at)
            return 0
        except Exception as exc:  # a network fault or a bug in rendering: retry, then give up
            log.exception("sending outbox message %s failed", message.id)
            async with self.db.transaction() as tx:
                if message.attempts + 1 >= MAX_ATTEMPTS:
                    await outbox.mark_dead(tx, message.id, repr(exc))
                else:
                    retry_at = self.clock.now() + backoff(message.attempts)
                    await outbox.mark_retry(tx, message.id, repr(exc), retry_at)
            return 0
        async with self.db.transaction() as tx:
            await outbox.mark_sent(tx, message.id, self.clock.now(), telegram_id)
        return 1
