"""The console's words: the same texts as the chat (states, roles, buttons, refusals), and
how times read there (Beijing time). Templates reach them as `zh`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.domain.clock import local_text
from bot.domain.clock import parse_stamp as parse
from bot.domain.workflow import WorkflowError
from bot.scheduling.nudges import OVERDUE
from catalog.schema import ACTION_NAMES, ActionKey
from texts import ZH as KNOWN
from texts import refused_words, t

LOCALE = "zh"


class Words:
    """What a template asks for by name: {{ zh.state(order.state) }}."""

    @staticmethod
    def t(key: str, **params: Any) -> str:
        return t(LOCALE, key, **params)

    @staticmethod
    def state(state: str) -> str:
        return t(LOCALE, f"state.{state}")

    @staticmethod
    def role(role: str) -> str:
        return t(LOCALE, f"role.{role}")

    @staticmethod
    def button(cmd: str) -> str:
        return t(LOCALE, f"btn.{cmd}")

    @staticmethod
    def action(key: str) -> str:
        return ACTION_NAMES[ActionKey(key)] if key in ActionKey.__members__ else key

    @staticmethod
    def time(moment: str | datetime | None) -> str:
        """A stored moment in Beijing time, to the minute; — for none."""
        found = parse(moment) if isinstance(moment, str) else moment
        return local_text(found) if found else "—"

    @staticmethod
    def event(name: str) -> str:
        return t(LOCALE, f"event.{name}") if f"event.{name}" in KNOWN else name

    @staticmethod
    def party(party: str) -> str:
        return t(LOCALE, f"party.{party}") if f"party.{party}" in KNOWN else party

    @staticmethod
    def reason(reason: str) -> str:
        """An escalation records its cause as a code; people read it worded."""
        if reason.startswith(OVERDUE):
            stage, hours = reason[len(OVERDUE) :].split(":")
            return t(LOCALE, f"overdue.{stage}", h=hours)
        return reason

    @staticmethod
    def refusal(error: WorkflowError) -> str:
        return refused_words(LOCALE, error)


ZH = Words()
