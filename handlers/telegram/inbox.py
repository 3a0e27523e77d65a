"""Fetching updates ourselves so that none is lost, and none stops the others.

python-telegram-bot's own polling confirms a batch to Telegram before any
handler has run. Here a batch is first stored in the inbox table (durably: the
commit is flushed to disk); only the next getUpdates call, carrying the offset
taken from that batch, confirms it. Stored updates are then processed in
arrival order and marked done together with the chat's UI state, so after a
crash (even kill -9) the unprocessed ones are processed on start.

Faults never end the loop: a second poller (409), a locked or full database or
a dead network is logged once, waited out with a jittered backoff, and the loop
goes on. An update that cannot be read or whose handling fails for a reason
that will not pass (a poison update) is recorded as failed and skipped; one
whose handling met a storage fault is tried again, up to MAX_ATTEMPTS.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.error import RetryAfter
from telegram.request import RequestData

# RequestData is public but takes parameters built by this class, which python-telegram-bot
# keeps in a private module; it is the encoding every Bot method uses.
from telegram.request._requestparameter import RequestParameter

from bot.outbox.sender import retry_seconds
from bot.resilience import Backoff, FaultLog, Heartbeat, describe, is_storage_fault
from bot.services import Services
from bot.services.inbox import Stored

log = logging.getLogger(__name__)

POLL_TIMEOUT = 25
READ_MARGIN = 10  # seconds a long poll may take beyond its timeout before it counts as lost
MAX_ATTEMPTS = 5  # storage faults while handling one update before it counts as failed


class StorageTrouble(Exception):
    """Handling stopped because the database failed; the loop backs off and comes back."""


class HandlerFaults:
    """What the error handler saw while an update was processed (it gets no other channel)."""

    def __init__(self) -> None:
        self._errors: dict[int, BaseException] = {}

    def record(self, update: object, error: BaseException) -> None:
        if isinstance(update, Update):
            self._errors.setdefault(update.update_id, error)

    def take(self, update_id: int) -> BaseException | None:
        return self._errors.pop(update_id, None)


Sleep = Callable[[float], Awaitable[None]]


class InboxPoller:
    def __init__(self, services: Services, application: Any, sleep: Sleep | None = None) -> None:
        self.services = services
        self.application = application
        self.faults: HandlerFaults = application.bot_data.setdefault("faults", HandlerFaults())
        self.persistence = application.persistence
        self.updates_request = application.bot_data["updates_request"]
        self.heartbeat = Heartbeat()
        self._sleep = sleep or asyncio.sleep
        self._stop = asyncio.Event()
        self._receive_faults = FaultLog(log, "receiving updates")
        self._handle_faults = FaultLog(log, "handling updates")

    def stop(self) -> None:
        self._stop.set()

    # --- receiving ------------------------------------------------------------------

    async def fetch_once(self, timeout: int = POLL_TIMEOUT) -> int:
        """One getUpdates call; the batch is stored (durably) before the next call confirms it."""
        offset = await self.services.inbox.offset()
        raw = await self._get_updates(offset, timeout)
        batch = [(int(u["update_id"]), u) for u in raw if _has_id(u)]
        if not batch:
            return 0
        # The next offset comes from what Telegram returned, never from what is stored:
        # a sequence that started again lower must still be confirmed.
        return await self.store(batch, max(uid for uid, _ in batch) + 1)

    async def _get_updates(self, offset: int | None, timeout: int) -> list[Any]:
        """getUpdates as JSON. python-telegram-bot's own get_updates reads the whole batch
        into Update objects and raises if one of them cannot be read, which would make one
        malformed update block all the others for ever; here each is read on its own."""
        parameters = {"timeout": timeout, "allowed_updates": list(Update.ALL_TYPES)}
        if offset is not None:
            parameters["offset"] = offset
        data = RequestData([RequestParameter.from_input(k, v) for k, v in parameters.items()])
        result = await self.updates_request.post(
            f"{self.application.bot.base_url}/getUpdates",
            data,
            read_timeout=timeout + READ_MARGIN,
        )
        return result if isinstance(result, list) else []

    async def store(self, batch: list[tuple[int, dict[str, Any]]], offset: int | None) -> int:
        """Keep a batch (as python-telegram-bot reads each update) and its confirming offset."""
        canonical = [(uid, _canonical(payload)) for uid, payload in batch]
        return await self.services.inbox.store(canonical, offset)

    # --- handling -------------------------------------------------------------------

    async def process_pending(self) -> int:
        """Handle what is stored, in arrival order; raises StorageTrouble to be backed off."""
        done = 0
        while not self._stop.is_set():
            batch = await self.services.inbox.pending()
            if not batch:
                return done
            for stored in batch:
                if self._stop.is_set():
                    return done  # the rest waits in the inbox for the next start
                await self._handle(stored)
                done += 1
        return done

    async def _handle(self, stored: Stored) -> None:
        try:
            update = Update.de_json(stored.payload, self.application.bot)
        except Exception as exc:
            log.error("update %s cannot be read, skipped: %s", stored.update_id, describe(exc))
            await self._finish(stored, describe(exc))
            return
        await self.application.process_update(update)
        error = self.faults.take(update.update_id)
        if error is not None and is_storage_fault(error):
            await self._try_again_later(stored, error)
            return
        # UI state (the step of a conversation) is saved with the mark, in one commit,
        # so a restart resumes exactly where the user was.
        await self.application.update_persistence()
        await self._finish(stored, describe(error) if error else None)
        self._handle_faults.recovered()

    async def _finish(self, stored: Stored, error: str | None) -> None:
        staged = self.persistence.staged() if self.persistence else {}
        try:
            await self.services.inbox.finish(stored.row_id, error, staged)
        except Exception as exc:
            if is_storage_fault(exc):
                self._handle_faults.failed(exc)
                raise StorageTrouble(describe(exc)) from exc
            raise
        if self.persistence:
            self.persistence.saved(staged)

    async def _try_again_later(self, stored: Stored, error: BaseException) -> None:
        """The handler met a storage fault: its transaction was undone, so the update is
        handled again later; never marked done. After MAX_ATTEMPTS it counts as failed."""
        self._handle_faults.failed(error)
        final = stored.attempts + 1 >= MAX_ATTEMPTS
        try:
            await self.services.inbox.try_again_later(stored.row_id, describe(error), final)
        except Exception as exc:
            if not is_storage_fault(exc):
                raise
        if final:
            log.error("update %s failed %d times, skipped", stored.update_id, MAX_ATTEMPTS)
            return
        raise StorageTrouble(describe(error))

    # --- the loop -------------------------------------------------------------------

    async def _fetch_unless_stopped(self) -> bool:
        """A long poll, abandoned when stop() is called: an unconfirmed batch comes again."""
        fetch = asyncio.ensure_future(self.fetch_once())
        stopped = asyncio.ensure_future(self._stop.wait())
        await asyncio.wait((fetch, stopped), return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        if not fetch.done():
            fetch.cancel()
            await asyncio.gather(fetch, return_exceptions=True)
            return False
        fetch.result()  # raises what the fetch raised
        return True

    async def run(self) -> None:
        """Until stopped: handle what is stored, fetch, repeat. Nothing but stop() ends it."""
        backoff = Backoff(base=1.0, cap=60.0)
        while not self._stop.is_set():
            self.heartbeat.beat()
            try:
                await self.process_pending()  # first of all, what a crash left behind
                if not await self._fetch_unless_stopped():
                    return
                self._receive_faults.recovered()
                backoff.reset()
            except RetryAfter as exc:
                await self._sleep(retry_seconds(exc.retry_after))
            except StorageTrouble:
                await self._pause(backoff.next())
            except Exception as exc:  # 409, network, disk, a bug: log once, wait, go on
                wait = backoff.next()
                self._receive_faults.failed(exc, wait)
                await self._pause(wait)

    async def _pause(self, seconds: float) -> None:
        """Sleep, but wake for stop(); the heartbeat keeps beating while we wait."""
        waited = 0.0
        while waited < seconds and not self._stop.is_set():
            step = min(5.0, seconds - waited)
            await self._sleep(step)
            waited += step
            self.heartbeat.beat()


def _has_id(update: Any) -> bool:
    if isinstance(update, dict) and isinstance(update.get("update_id"), int):
        return True
    log.error("getUpdates returned something without an update_id, skipped: %.200r", update)
    return False


def _canonical(payload: dict[str, Any]) -> dict[str, Any]:
    """The update as python-telegram-bot reads it, so that the same update compares equal
    whether it came by getUpdates or by webhook; as it came when it cannot be read."""
    try:
        return Update.de_json(payload, None).to_dict()  # type: ignore[arg-type]
    except Exception:
        return payload
