"""Every user-facing text, per locale, looked up by key. Simplified Chinese first."""

from __future__ import annotations

from typing import Any, Protocol

from texts.en import EN
from texts.zh import ZH

__all__ = [
    "EN",
    "LOCALES",
    "ZH",
    "error_text",
    "locale_for",
    "named_params",
    "refused_words",
    "role_from_words",
    "t",
]

LOCALES = {"zh": ZH, "en": EN}


def locale_for(language_code: str | None, stored: str | None = None) -> str:
    if stored in LOCALES:
        return stored
    return "en" if (language_code or "").lower().startswith("en") else "zh"


def t(locale: str, key: str, **params: Any) -> str:
    """The text for `key`; Chinese when the locale lacks it."""
    template = LOCALES.get(locale, ZH).get(key) or ZH[key]
    return template.format(**params) if params else template


# Parameters that name something the reader should see in their own language.
_NAMED = {"state": "state", "role": "role", "field": "field", "detail": "detail"}


def _named(locale: str, key: str, value: Any) -> Any:
    words = f"{_NAMED[key]}.{value}" if key in _NAMED else None
    return t(locale, words) if words and words in ZH else value


def error_text(locale: str, code: str, params: dict[str, Any]) -> str:
    """Why a command was refused, in `locale` (Chinese where the locale lacks the words)."""
    named = {key: _named(locale, key, value) for key, value in params.items()}
    key = f"refused.{code}"
    if key not in ZH:
        return t(locale, "refused.refused")
    template = LOCALES.get(locale, ZH).get(key) or ZH[key]
    return template.format(**named) if named else template


class Refused(Protocol):
    """A refused command as the core raises it: a code and its parameters, no words."""

    code: str
    params: dict[str, Any]


def refused_words(locale: str, error: Refused) -> str:
    """Why `error`'s command was refused, worded for a reader in `locale`."""
    return error_text(locale, error.code, error.params)


# What people type for a role when they invite someone (/invite 部门 旗农牧局).
_ROLE_WORDS = {
    "科协": "coordinator",
    "阵地": "station",
    "部门": "agency",
    "队长": "team_leader",
    "队员": "team_member",
}


def role_from_words(text: str) -> str | None:
    """The role (its id) someone typed: a short word (阵地), a role's full name in any
    locale (阵地工作人员, station officer), or the id itself."""
    text = text.strip()
    if text in _ROLE_WORDS:
        return _ROLE_WORDS[text]
    for words in LOCALES.values():
        for key, value in words.items():
            if key.startswith("role.") and key.count(".") == 1 and text in (value, key[5:]):
                return key.split(".", 1)[1]
    return None


def named_params(locale: str, params: dict[str, Any]) -> dict[str, Any]:
    """Parameters with the names of states, roles and fields in `locale`."""
    return {key: _named(locale, key, value) for key, value in params.items()}
