"""What changed, for whoever follows the emulator (a page, a test): a version and a log.

Every visible change bumps the version and is logged; a follower remembers the last
version it saw, asks what changed since, and waits when nothing has.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass

KEEP = 10_000  # log entries kept; a follower further behind is told to read everything again


class Signal:
    """Wakes every waiter at once; a waiter woken by nothing times out."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def fire(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float | None) -> bool:
        event = self._event
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            return False
        return True


@dataclass(frozen=True)
class Change:
    """kinds: message, edit, answer, action, chat, keyboard, menu, reset (read everything)."""

    version: int
    kind: str
    chat_id: int | None = None
    message_id: int | None = None
    query_id: str | None = None


class ChangeFeed:
    def __init__(self) -> None:
        self.version = 0
        self._log: deque[Change] = deque(maxlen=KEEP)
        self._signal = Signal()

    def record(
        self,
        kind: str,
        chat_id: int | None = None,
        message_id: int | None = None,
        query_id: str | None = None,
    ) -> None:
        self.version += 1
        self._log.append(Change(self.version, kind, chat_id, message_id, query_id))
        self._signal.fire()

    def since(self, version: int) -> list[Change]:
        """What changed after `version`, oldest first."""
        if version >= self.version:
            return []
        if not self._log or self._log[0].version > version + 1:
            return [Change(self.version, "reset")]
        return [c for c in self._log if c.version > version]

    async def wait(self, after: int, timeout: float | None = None) -> int:
        """The version, once it is beyond `after` (or when `timeout` passes)."""
        if self.version > after:
            return self.version
        await self._signal.wait(timeout)
        return self.version
