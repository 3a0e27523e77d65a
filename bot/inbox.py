"""Fetching updates ourselves so that none is lost.

python-telegram-bot's own polling confirms a batch to Telegram before any
handler has run. Here a batch is first stored in the inbox table; only the
next getUpdates call, carrying the next offset, confirms it. Stored updates
are then processed in order and marked done, so after a crash (even kill -9)
the unprocessed ones are processed on start, and a redelivered update id is
stored once.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Update
from telegram.error import NetworkError, RetryAfter, TimedOut

from bot.notifier import retry_seconds
from bot.services import Services
from storage import inbox

log = logging.getLogger(__name__)

POLL_TIMEOUT = 25


class InboxPoller:
    def __init__(self, services: Services, application: Any) -> None:
        self.services = services
        self.application = application
        self._stop = asyncio.Event()

    def stop(self) -> None:
        self._stop.set()

    async def fetch_once(self, timeout: int = POLL_TIMEOUT) -> int:
        """One getUpdates call; the batch is stored before the next call confirms it."""
        async with self.services.db.read() as tx:
            offset = await inbox.next_offset(tx)
        updates = await self.application.bot.get_updates(
            offset=offset, timeout=timeout, allowed_updates=Update.ALL_TYPES
        )
        if not updates:
            return 0
        batch = [(u.update_id, u.to_dict()) for u in updates]
        async with self.services.db.transaction() as tx:
            return await inbox.store(tx, batch, self.services.clock.now())

    async def process_pending(self) -> int:
        done = 0
        while True:
            async with self.services.db.read() as tx:
                batch = await inbox.pending(tx)
            if not batch:
                return done
            for update_id, payload in batch:
                if self._stop.is_set():
                    return done  # the rest waits in the inbox for the next start
                update = Update.de_json(payload, self.application.bot)
                # Handler errors go to the application's error handler; the update
                # is done either way, so one bad update cannot block the rest.
                await self.application.process_update(update)
                # UI state (the step of a conversation) is saved before the update
                # counts as done, so a restart resumes where the user was.
                await self.application.update_persistence()
                async with self.services.db.transaction() as tx:
                    await inbox.mark_processed(tx, update_id, self.services.clock.now())
                done += 1

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
        await self.process_pending()  # what a crash left behind
        backoff = 1.0
        while not self._stop.is_set():
            try:
                if not await self._fetch_unless_stopped():
                    return
                backoff = 1.0
            except RetryAfter as exc:
                await asyncio.sleep(retry_seconds(exc.retry_after))
                continue
            except (NetworkError, TimedOut) as exc:
                log.warning("getUpdates failed (%s); retrying in %.0f s", exc, backoff)
                await asyncio.sleep(backoff)
                backoff = min(60.0, backoff * 2)
                continue
            await self.process_pending()
