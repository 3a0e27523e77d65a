"""Surviving faults without filling the log: back off with jitter, say it once, say when it passed.

A bot left alone for months meets a full disk, a locked database, a second
poller or a dead network. Each loop that meets one logs it once with its cause,
waits a growing, jittered while, and logs again only when the fault changes or
passes, so the log stays readable and a fault that lasts a night is one line.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass, field

# What storage says of its own faults, as the channels need it (they do not import storage).
from storage.db import CannotOpen, is_storage_fault

__all__ = ["Backoff", "CannotOpen", "FaultLog", "Heartbeat", "describe", "is_storage_fault"]


@dataclass
class Backoff:
    """Waits that double from `base` up to `cap` seconds, each with up to ±`jitter` of itself,
    so that two instances (or two loops) never retry in step."""

    base: float = 1.0
    cap: float = 60.0
    jitter: float = 0.2
    _failures: int = 0

    def next(self) -> float:
        wait = min(self.cap, self.base * 2**self._failures)
        self._failures += 1
        return max(0.0, wait * (1 + random.uniform(-self.jitter, self.jitter)))

    def reset(self) -> None:
        self._failures = 0


def describe(exc: BaseException) -> str:
    """`Kind: message (cause: Kind: message)` on one line."""
    text = f"{type(exc).__name__}: {exc}".replace("\n", " ")
    cause = exc.__cause__ or exc.__context__
    if cause is not None and cause is not exc:
        text += f" (cause: {type(cause).__name__}: {cause})".replace("\n", " ")
    return text


@dataclass
class FaultLog:
    """One loop's faults: the first of a kind is logged, repeats are counted, recovery is told."""

    logger: logging.Logger
    what: str
    failures: int = 0
    _kind: str = ""
    _since: float = field(default_factory=time.monotonic)

    def failed(self, exc: BaseException, retry_in: float | None = None) -> None:
        kind = f"{type(exc).__name__}: {exc}"
        if self.failures == 0 or kind != self._kind:
            if self.failures == 0:
                self._since = time.monotonic()
            after = f"; retrying in {retry_in:.0f} s" if retry_in is not None else ""
            self.logger.error(
                "%s failed: %s%s (repeats are not logged until it works again)",
                self.what,
                describe(exc),
                after,
            )
            self._kind = kind
        self.failures += 1

    def recovered(self) -> None:
        if self.failures:
            self.logger.warning(
                "%s works again after %d failure(s) over %.0f s",
                self.what,
                self.failures,
                time.monotonic() - self._since,
            )
        self.failures = 0
        self._kind = ""


class Heartbeat:
    """When a loop last went round: a loop that stops beating is found by the watchdog."""

    def __init__(self) -> None:
        self.at = time.monotonic()

    def beat(self) -> None:
        self.at = time.monotonic()

    def age(self) -> float:
        return time.monotonic() - self.at
