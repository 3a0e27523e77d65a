"""Telegram's sending limits, kept on our side so that bursts never earn a 429.

Limits (Telegram's published guidance for bots): about 30 messages per second
overall, one per second to the same private chat, twenty per minute to the
same group. Time is injected: tests run a fan-out of hundreds of messages in
virtual seconds.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass, field

from bot.domain.clock import FakeClock
from storage.outbox import Address


@dataclass(frozen=True)
class Limits:
    per_second: int = 30
    private_gap: float = 1.0
    group_per_minute: int = 20


class Timeline:
    """Monotonic seconds and a way to wait; the real one sleeps."""

    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class FakeTimeline(Timeline):
    """Waiting moves the fake clock instead of sleeping (tests, benchmarks)."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock

    def now(self) -> float:
        return self.clock.now().timestamp()

    async def sleep(self, seconds: float) -> None:
        self.clock.advance(seconds=seconds)


@dataclass
class Pacer:
    timeline: Timeline = field(default_factory=Timeline)
    limits: Limits = field(default_factory=Limits)
    _recent: deque[float] = field(default_factory=deque)
    _private: dict[Address, float] = field(default_factory=dict)
    _groups: dict[Address, deque[float]] = field(default_factory=dict)
    _held: dict[Address, float] = field(default_factory=dict)

    def global_wait(self) -> float:
        now = self.timeline.now()
        while self._recent and self._recent[0] <= now - 1.0:
            self._recent.popleft()
        if len(self._recent) < self.limits.per_second:
            return 0.0
        return self._recent[0] + 1.0 - now

    def chat_wait(self, to: Address) -> float:
        now = self.timeline.now()
        held = self._held.get(to, 0.0) - now
        if not to.is_group:
            last = self._private.get(to)
            gap = 0.0 if last is None else last + self.limits.private_gap - now
            return max(0.0, held, gap)
        sent = self._groups.setdefault(to, deque())
        while sent and sent[0] <= now - 60.0:
            sent.popleft()
        full = sent[0] + 60.0 - now if len(sent) >= self.limits.group_per_minute else 0.0
        return max(0.0, held, full)

    def record(self, to: Address) -> None:
        now = self.timeline.now()
        self._recent.append(now)
        if not to.is_group:
            self._private[to] = now
        else:
            self._groups.setdefault(to, deque()).append(now)

    def hold(self, to: Address, seconds: float) -> None:
        """Telegram answered 429 for this chat: nothing goes to it for `seconds`."""
        self._held[to] = self.timeline.now() + seconds

    async def sleep(self, seconds: float) -> None:
        await self.timeline.sleep(seconds)
