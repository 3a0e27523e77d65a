"""Refusals a test or the sandbox asks for: the next N calls of a method (to one chat,
or any) fail with a given API error, as when another instance polls (409) or Telegram
throttles one chat (429) at a moment of the test's choosing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from handlers.telegram.emulator.errors import ApiError


@dataclass
class Fault:
    method: str  # lower case, as the method table is keyed
    error: ApiError
    times: int
    chat_id: int | None


class Faults:
    def __init__(self) -> None:
        self._queued: list[Fault] = []

    def add(self, method: str, error: ApiError, times: int = 1, chat_id: int | None = None) -> None:
        self._queued.append(Fault(method.lower(), error, times, chat_id))

    def take(self, method: str, params: Mapping[str, Any]) -> ApiError | None:
        """The error for this call, if one is queued for it (used up as it is given)."""
        for fault in self._queued:
            if fault.method != method.lower():
                continue
            if fault.chat_id is not None and params.get("chat_id") != fault.chat_id:
                continue
            fault.times -= 1
            if fault.times <= 0:
                self._queued.remove(fault)
            return fault.error
        return None

    def clear(self) -> None:
        self._queued.clear()
