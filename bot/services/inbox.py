"""The inbox of a channel: updates kept before they are confirmed, handled in arrival order.

The channel's receiver (Telegram's long polling or webhook) hands batches here
and asks for what waits; the commit that keeps a batch is flushed to disk, so
what the channel confirms afterwards is never lost. Marking an update done
and saving the chat's UI state happen in one transaction.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from bot.domain.clock import Clock
from bot.resilience import describe
from storage import inbox, ui_state
from storage.db import Database, is_storage_fault
from storage.inbox import Stored
from storage.ui_state import Writes

log = logging.getLogger(__name__)

__all__ = ["InboxService", "Stored", "Writes"]


class InboxService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def offset(self) -> int | None:
        async with self.db.read() as tx:
            return await inbox.next_offset(tx)

    async def store(self, batch: list[tuple[int, dict[str, Any]]], offset: int | None) -> int:
        """Keep a batch and the offset that will confirm it, in one durable commit.

        A fault of the disk raises (nothing is confirmed; the batch comes again). An
        update that cannot be kept for any other reason is recorded as failed alone."""
        now = self.clock.now()
        try:
            async with self.db.transaction(durable=True) as tx:
                stored = await inbox.store(tx, batch, now)
                if offset is not None:
                    await inbox.set_offset(tx, offset, now)
                return stored
        except Exception as exc:
            if is_storage_fault(exc) or not batch:
                raise
        return await self._store_one_by_one(batch, offset)

    async def _store_one_by_one(
        self, batch: list[tuple[int, dict[str, Any]]], offset: int | None
    ) -> int:
        now, stored = self.clock.now(), 0
        async with self.db.transaction(durable=True) as tx:
            for update_id, payload in batch:
                try:
                    stored += await inbox.store(tx, [(update_id, _storable(payload))], now)
                except Exception as exc:
                    if is_storage_fault(exc):
                        raise
                    log.error("update %s cannot be stored, skipped: %s", update_id, describe(exc))
                    await inbox.store_unreadable(tx, update_id, describe(exc), now)
            if offset is not None:
                await inbox.set_offset(tx, offset, now)
        return stored

    async def pending(self, limit: int = 100) -> list[Stored]:
        async with self.db.read() as tx:
            return await inbox.pending(tx, limit)

    async def finish(self, row_id: int, error: str | None, ui: Writes) -> None:
        """Done (or failed with `error`), together with the chat's UI state as it now is."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            await ui_state.write(tx, ui, now)
            if error is None:
                await inbox.mark_processed(tx, row_id, now)
            else:
                await inbox.mark_failed(tx, row_id, error, now)

    async def try_again_later(self, row_id: int, error: str, final: bool) -> None:
        async with self.db.transaction() as tx:
            if final:
                await inbox.mark_failed(tx, row_id, error, self.clock.now())
            else:
                await inbox.mark_attempt(tx, row_id, error)

    async def ui_rows(self, kind: str) -> list[tuple[str, Any]]:
        async with self.db.read() as tx:
            found = await ui_state.rows(tx, kind)
        return [(key, json.loads(value)) for key, value in found]

    async def save_ui(self, ui: Writes) -> None:
        async with self.db.transaction() as tx:
            await ui_state.write(tx, ui, self.clock.now())


def _storable(value: Any) -> Any:
    """Text cut in the middle of an emoji holds half a surrogate pair, which cannot be
    stored as UTF-8: such halves become U+FFFD rather than lose the update."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {k: _storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_storable(v) for v in value]
    return value
