"""Answering a button press: once, in one place, whatever the handlers did.

Telegram refuses a second answerCallbackQuery for the same press, so handlers
never answer it themselves: they say what the answer should be (`note`), and
the application answers after every handler for the update has run. The first
words noted stand (they are the outcome of the press); a later note only makes
sure the press is answered at all.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application

log = logging.getLogger(__name__)


@dataclass
class Press:
    text: str | None = None  # None: nothing asked for an answer
    alert: bool = False

    def note(self, text: str, alert: bool) -> None:
        if not self.text:
            self.text, self.alert = text[:200], alert


_CURRENT: ContextVar[Press | None] = ContextVar("press", default=None)


def note(text: str, alert: bool = False) -> None:
    """What the press being handled is answered with (outside a press: nothing)."""
    press = _CURRENT.get()
    if press is not None:
        press.note(text, alert)


class PressApplication(Application[Any, Any, Any, Any, Any, Any]):
    """The Application, answering each press at most once after its handlers ran."""

    __slots__ = ()

    async def process_update(self, update: object) -> None:
        query = update.callback_query if isinstance(update, Update) else None
        if query is None:
            await super().process_update(update)
            return
        press = Press()
        token = _CURRENT.set(press)
        try:
            await super().process_update(update)
        finally:
            _CURRENT.reset(token)
            if press.text is not None:
                try:
                    await query.answer(press.text, show_alert=press.alert)
                except TelegramError as exc:  # e.g. a press answered too late, after downtime
                    log.info("press %s not answered: %s", query.id, exc)
