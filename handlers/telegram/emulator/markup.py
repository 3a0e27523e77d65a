"""reply_markup as Telegram checks it: inline keyboards belong to their message; reply
keyboards (and their removal) belong to the chat's input field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handlers.telegram.emulator.errors import bad_request

MAX_INLINE_BUTTONS = 100
CALLBACK_DATA_BYTES = 64
# What an inline button must carry besides its label (one of these).
_INLINE_KINDS = (
    "callback_data",
    "url",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
    "web_app",
)


@dataclass(frozen=True)
class Markup:
    """inline: rows for the message (None: no inline keyboard given). keyboard: the reply
    keyboard for the chat, {} to remove it, None to leave it as it is."""

    inline: list[list[dict[str, Any]]] | None = None
    keyboard: dict[str, Any] | None = None


def read(markup: Any, inline_only: bool = False) -> Markup:
    if markup is None:
        return Markup()
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        return Markup(inline=_inline(markup["inline_keyboard"]))
    if inline_only and any(k in markup for k in ("keyboard", "remove_keyboard", "force_reply")):
        raise bad_request("inline keyboard expected")
    if "keyboard" in markup:
        return Markup(keyboard=_reply_keyboard(markup))
    if markup.get("remove_keyboard"):
        return Markup(keyboard={})
    # force_reply, or an object naming no markup at all ({} is what an empty
    # InlineKeyboardMarkup serialises to): no markup, which an edit takes as "none".
    return Markup()


def _inline(rows: Any) -> list[list[dict[str, Any]]]:
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad_request(
            'can\'t parse inline keyboard button: field "inline_keyboard" of '
            "the InlineKeyboardMarkup must be an Array of Arrays"
        )
    buttons = [b for row in rows for b in row]
    if len(buttons) > MAX_INLINE_BUTTONS:
        raise bad_request("reply markup is too long")
    for button in buttons:
        _check_inline_button(button)
    return [list(row) for row in rows if row]


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Text is not specified")
    if not any(kind in button for kind in _INLINE_KINDS):
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        size = len(data.encode()) if isinstance(data, str) else 0
        if not 1 <= size <= CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")


def _reply_keyboard(markup: dict[str, Any]) -> dict[str, Any]:
    rows = markup["keyboard"]
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad_request("can't parse reply keyboard markup JSON object")
    normal = [[_reply_button(b) for b in row] for row in rows if row]
    return {
        "keyboard": normal,
        "one_time_keyboard": bool(markup.get("one_time_keyboard")),
        "resize_keyboard": bool(markup.get("resize_keyboard")),
        "input_field_placeholder": markup.get("input_field_placeholder", ""),
    }


def _reply_button(button: Any) -> dict[str, Any]:
    """A reply keyboard button may be a bare string; it is {"text": …} with options."""
    if isinstance(button, str):
        return {"text": button}
    if isinstance(button, dict) and isinstance(button.get("text"), str):
        return dict(button)
    raise bad_request("can't parse keyboard button: Text is not specified")
