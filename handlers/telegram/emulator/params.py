"""A method's parameters as Telegram reads them, whatever way they were sent.

Over a query string or a form every value is a string, and objects (reply_markup,
scope, …) are JSON inside that string; in a JSON body they are already typed.
Either way the methods see the same typed values.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from handlers.telegram.emulator.errors import ApiError, bad_request

INTEGERS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "max_connections",
        "user_id",
        "cache_time",
        "from_chat_id",
        "message_thread_id",
        "reply_to_message_id",
    }
)
BOOLEANS = frozenset(
    {
        "show_alert",
        "drop_pending_updates",
        "disable_notification",
        "protect_content",
        "allow_sending_without_reply",
        "has_spoiler",
        "disable_content_type_detection",
        "show_caption_above_media",
    }
)
# Objects, and the words Telegram uses when one cannot be read.
OBJECTS = {
    "reply_markup": "reply keyboard markup",
    "entities": "entities",
    "caption_entities": "caption entities",
    "allowed_updates": "allowed updates",
    "commands": "commands",
    "scope": "bot command scope",
    "link_preview_options": "link preview options",
    "reply_parameters": "reply parameters",
}


@dataclass(frozen=True)
class Upload:
    """A file sent in a multipart body."""

    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"


def decode(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Typed parameters from strings (query, form) or JSON values; raises ApiError."""
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if value is None:
            continue
        params[key] = _typed(key, value) if isinstance(value, str) else value
    return params


def _typed(key: str, value: str) -> Any:
    if key in INTEGERS:
        stripped = value.strip()
        return int(stripped) if stripped.lstrip("-").isdigit() else value
    if key in BOOLEANS:
        return value.strip().lower() in ("true", "1")
    if key in OBJECTS:
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {OBJECTS[key]} JSON object") from None
    return value


def text_of(params: Mapping[str, Any], key: str) -> str:
    value = params.get(key, "")
    return value if isinstance(value, str) else str(value)


def integer(params: Mapping[str, Any], key: str, empty: str | None = None) -> int:
    """A required integer parameter; `empty` is Telegram's sentence when it is missing."""
    value = params.get(key)
    if value is None or value == "":
        raise bad_request(empty or f"{key} is empty")
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request(f"invalid {key} specified")
    return value


def optional_integer(params: Mapping[str, Any], key: str, default: int) -> int:
    value = params.get(key)
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request(f"invalid {key} specified")
    return value


def object_list(params: Mapping[str, Any], key: str) -> list[Any] | None:
    value = params.get(key)
    if value is None:
        return None
    if not isinstance(value, list):
        raise ApiError(400, f"Bad Request: can't parse {OBJECTS.get(key, key)} JSON object")
    return value
