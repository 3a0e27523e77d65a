"""Telegram's limits: lengths of what is sent, and how fast a bot may send.

Lengths count UTF-16 code units, as Telegram counts entity offsets (an emoji outside
the basic plane is two). Speed is a set of token buckets: a request takes one token
from each bucket that applies and is refused with 429 and the seconds until it would
pass when one is empty. Sends count for their chat and overall; edits count overall
and, in groups, for the group (an edit in a private chat is not held to one a second).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from handlers.telegram.emulator.errors import bad_request, too_many_requests

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_ANSWER = 200  # answerCallbackQuery's text


def length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def check_text(text: str) -> None:
    if not text.strip():
        raise bad_request("message text is empty")
    if length(text) > MAX_TEXT:
        raise bad_request("message is too long")


def check_caption(caption: str) -> None:
    if length(caption) > MAX_CAPTION:
        raise bad_request("message caption is too long")


@dataclass(frozen=True)
class RateLimits:
    """About 30 messages a second overall, one a second per private chat with a small
    burst allowance, 20 a minute per group."""

    overall_per_second: float = 30.0
    private_per_second: float = 1.0
    private_burst: int = 3
    group_per_minute: float = 20.0


class Bucket:
    def __init__(self, capacity: float, per_second: float, now: float) -> None:
        self.capacity, self.per_second = capacity, per_second
        self.level, self.stamp = capacity, now

    def wait(self, now: float) -> float:
        """Seconds until a token is there (0: one is there now)."""
        self.level = min(self.capacity, self.level + (now - self.stamp) * self.per_second)
        self.stamp = now
        # A sliver of a token is float noise (clocks count from 1970), not a flood.
        return 0.0 if self.level >= 1 - 1e-4 else (1 - self.level) / self.per_second

    def take(self) -> None:
        self.level -= 1


class FloodControl:
    def __init__(self, limits: RateLimits | None, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.limits = limits  # None: no limits at all
        self._buckets: dict[tuple[str, int], Bucket] = {}

    @property
    def limits(self) -> RateLimits | None:
        return self._limits

    @limits.setter
    def limits(self, value: RateLimits | None) -> None:
        self._limits = value
        self._buckets = {}  # new limits start with full buckets

    def admit(self, chat_id: int, private: bool, send: bool) -> None:
        """Take a token for a request to `chat_id`, or raise 429 with retry_after."""
        limits = self._limits
        if limits is None:
            return
        now = self.clock()
        overall = limits.overall_per_second
        buckets = [self._bucket(("overall", 0), overall, overall, now)]
        if private and send:
            rate = limits.private_per_second
            buckets.append(self._bucket(("chat", chat_id), limits.private_burst, rate, now))
        elif not private:
            rate = limits.group_per_minute / 60
            buckets.append(self._bucket(("chat", chat_id), limits.group_per_minute, rate, now))
        wait = max(b.wait(now) for b in buckets)
        if wait > 0:
            raise too_many_requests(max(1, math.ceil(round(wait, 3))))
        for bucket in buckets:
            bucket.take()

    def _bucket(self, key: tuple[str, int], capacity: float, rate: float, now: float) -> Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = Bucket(capacity, rate, now)
        return bucket
