"""Long lists of buttons a page at a time: every choice is reachable with 更多."""

from __future__ import annotations

from collections.abc import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from texts import t


def page_of(
    choices: list[tuple[str, str]],
    page: int,
    turn: Callable[[int], str],
    locale: str,
    size: int = 10,
    columns: int = 1,
) -> InlineKeyboardMarkup:
    """Page `page` of (label, callback data) choices; `turn(n)` is the data that shows page n."""
    pages = max(1, -(-len(choices) // size))
    page = min(max(page, 0), pages - 1)
    buttons = [
        InlineKeyboardButton(label, callback_data=data)
        for label, data in choices[page * size : (page + 1) * size]
    ]
    rows = [buttons[i : i + columns] for i in range(0, len(buttons), columns)]
    moves = []
    if page > 0:
        moves.append(InlineKeyboardButton(t(locale, "page.back"), callback_data=turn(page - 1)))
    if page + 1 < pages:
        label = t(locale, "page.more", shown=(page + 1) * size, total=len(choices))
        moves.append(InlineKeyboardButton(label, callback_data=turn(page + 1)))
    return InlineKeyboardMarkup([*rows, moves] if moves else rows)
