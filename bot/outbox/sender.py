"""Delivering the outbox: read what is due, send it, record the result.

Sending happens outside any transaction. A crash after the send and before the
mark means the message goes out again on restart (at least once); a crash
before the send loses nothing, because the row is still pending.

When the send worked but recording it failed (a full or locked disk), the
sender remembers the message as sent and only retries the record: the same
card is not sent again on every pass. While storage fails the whole sender
backs off.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.domain.clock import Clock
from bot.outbox.pacing import Pacer
from bot.resilience import Backoff, FaultLog, Heartbeat
from storage import outbox
from storage.db import Database, is_storage_fault
from storage.outbox import OutboxMessage

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


class RecipientGone(Exception):
    """The chat cannot receive messages (the user blocked the bot, the group is gone)."""


class Superseded(Exception):
    """The message no longer applies (a reminder for a step already taken): not sent."""


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
    """Sends due outbox rows in order, within Telegram's limits (see bot.outbox.pacing).

    One sender per process; a lock keeps two flushes (the background loop and a
    handler's nudge) from sending the same row twice.
    """

    def __init__(
        self,
        db: Database,
        clock: Clock,
        deliver: Deliver | dict[str, Deliver],
        pacer: Pacer | None = None,
    ) -> None:
        """`deliver`: each channel's adapter, by channel name (one function: Telegram's)."""
        self.db = db
        self.clock = clock
        self.channels = deliver if isinstance(deliver, dict) else {"telegram": deliver}
        self.pacer = pacer or Pacer()
        self._lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._stopped = False
        self.next_wait = 0.0  # seconds until a deferred chat may receive again
        # Sent, but the record of it failed: outbox id -> Telegram's message id.
        self._unrecorded: dict[int, int | None] = {}
        self.heartbeat = Heartbeat()
        self._faults = FaultLog(log, "sending the outbox")
        self._send_faults = FaultLog(log, "delivering a message")
        self.backoff = Backoff(base=1.0, cap=60.0)

    async def flush(self, limit: int = 500) -> int:
        """One pass over what is due; returns how many were delivered.

        A chat that must wait (its own limit, or a 429) is skipped for the rest of
        the pass so its messages keep their order; other chats go on.
        """
        async with self._lock:
            await self._record_unrecorded()
            async with self.db.read() as tx:
                due = await outbox.pending(tx, self.clock.now(), limit)
            sent, deferred = 0, set()
            self.next_wait = 0.0
            for message in due:
                if message.to in deferred or message.id in self._unrecorded:
                    continue
                if message.to.channel not in self.channels:
                    continue  # a channel this process does not serve: it waits for one that does
                wait = self.pacer.chat_wait(message.to)
                if wait > 0:
                    deferred.add(message.to)
                    self.next_wait = min(self.next_wait or wait, wait)
                    continue
                if (overall := self.pacer.global_wait()) > 0:
                    await self.pacer.sleep(overall)
                self.pacer.record(message.to)
                sent += await self._send_one(message)
            return sent

    async def drain(self, horizon: float = 120.0, max_passes: int = 10_000) -> int:
        """Flush until nothing is due within `horizon` seconds, waiting out the limits
        and retries on the pacer's timeline (tests and tools; the bot uses `run`)."""
        total = 0
        for _ in range(max_passes):
            total += await self.flush()
            waits = [w for w in (self.next_wait, await self._until_next_retry()) if w]
            if not waits or min(waits) > horizon:
                return total
            wait = min(waits)
            await self.pacer.sleep(wait)
        return total

    async def _until_next_retry(self) -> float | None:
        async with self.db.read() as tx:
            due = await outbox.next_due(tx, self.clock.now())
        if due is None:
            return None
        return max(0.01, (due - self.clock.now()).total_seconds())

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopped = True
        self._wake.set()

    async def run(self, idle_seconds: float = 2.0) -> None:
        """The background loop: flush, then sleep until woken or until a chat is free.

        A failing pass (the database, or a bug) is logged once and the whole sender
        backs off, growing to a minute, until a pass works again."""
        backoff = self.backoff
        while not self._stopped:
            self._wake.clear()
            self.heartbeat.beat()
            try:
                await self.flush()
            except Exception as exc:  # nothing may end delivery for good
                wait = backoff.next()
                self._faults.failed(exc, wait)
                await self._idle(wait, wake=False)
                continue
            self._faults.recovered()
            backoff.reset()
            timeout = min(self.next_wait, idle_seconds) if self.next_wait else idle_seconds
            await self._idle(timeout)

    async def _idle(self, seconds: float, wake: bool = True) -> None:
        """Wait `seconds`, or until woken (a command queued something) when `wake`."""
        if not wake:
            deadline = asyncio.get_running_loop().time() + seconds
            while not self._stopped and asyncio.get_running_loop().time() < deadline:
                self.heartbeat.beat()
                await asyncio.sleep(min(5.0, deadline - asyncio.get_running_loop().time()))
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)

    async def _record_unrecorded(self) -> None:
        """Retry the records of messages that went out while the disk refused to say so."""
        if not self._unrecorded:
            return
        async with self.db.transaction() as tx:
            for outbox_id, telegram_id in self._unrecorded.items():
                await outbox.mark_sent(tx, outbox_id, self.clock.now(), telegram_id)
        log.info("recorded %d message(s) sent while storage failed", len(self._unrecorded))
        self._unrecorded.clear()

    async def _send_one(self, message: OutboxMessage) -> int:
        try:
            telegram_id = await self.channels[message.to.channel](message)
        except Superseded as exc:
            async with self.db.transaction() as tx:
                await outbox.mark_dead(tx, message.id, f"superseded: {exc}")
            return 0
        except RecipientGone as exc:
            log.warning("%s cannot be reached, dropping %s: %s", message.to, message.template, exc)
            async with self.db.transaction() as tx:
                await outbox.mark_dead(tx, message.id, f"gone: {exc}")
            return 0
        except RetryLater as exc:
            # Telegram did not take the message; it goes again after the wait, once.
            self.pacer.hold(message.to, exc.seconds)
            async with self.db.transaction() as tx:
                # Stored times have whole seconds: round up, never retry early.
                retry_at = self.clock.now() + timedelta(seconds=exc.seconds + 1)
                await outbox.mark_retry(tx, message.id, str(exc), retry_at)
            return 0
        except Exception as exc:  # a network fault or a bug in rendering: retry, then give up
            if is_storage_fault(exc):
                raise  # the database, not the message: the whole sender backs off
            self._send_faults.failed(exc)
            async with self.db.transaction() as tx:
                if message.attempts + 1 >= MAX_ATTEMPTS:
                    await outbox.mark_dead(tx, message.id, repr(exc))
                else:
                    retry_at = self.clock.now() + backoff(message.attempts)
                    await outbox.mark_retry(tx, message.id, repr(exc), retry_at)
            return 0
        try:
            async with self.db.transaction() as tx:
                await outbox.mark_sent(tx, message.id, self.clock.now(), telegram_id)
                if message.template == outbox.OFFER:
                    await outbox.follow_up_offer(tx, message.id, self.clock.now())
        except Exception as exc:
            if not is_storage_fault(exc):
                raise
            # It went out: never send it again, only keep trying to write that down.
            self._unrecorded[message.id] = telegram_id
            raise
        self._send_faults.recovered()
        return 1
