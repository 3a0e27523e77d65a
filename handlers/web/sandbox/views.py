"""What the page draws: each pane's chat as the emulator shows it now, and the bot's clock."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import jinja2
from markupsafe import Markup, escape

from bot.domain.clock import LOCAL_TZ, TravelClock, local_text
from handlers.telegram.emulator import Emulator
from handlers.web.sandbox.cast import Pane

WEEKDAYS = "一二三四五六日"
# An address in a message, as Telegram makes it a link: up to a space or a CJK character.
_ADDRESS = re.compile(r"https?://[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")


def pane(emu: Emulator, shown: Pane) -> dict[str, Any]:
    """A pane's chat: its messages (edits applied), the reply keyboard and the command menu."""
    chat = emu.view(shown.chat_id)
    messages = [_message(m, shown.actor) for m in chat["messages"]]
    keyboard = [
        [{"text": b.get("text", ""), "contact": bool(b.get("request_contact"))} for b in row]
        for row in (chat["keyboard"] or {}).get("keyboard", [])
    ]
    return {
        "pane": shown,
        "messages": messages,
        "keyboard": keyboard,
        "menu": chat["menu"],
        "group": chat["type"] != "private",
    }


def _message(message: dict[str, Any], actor: int) -> dict[str, Any]:
    extra = message["extra"]
    photo, document = message["photo"], message["document"]
    return {
        "id": message["id"],
        "from_bot": message["from_bot"],
        "mine": not message["from_bot"] and message["sender_id"] == actor,
        "sender": message["sender"],
        "text": message["text"],
        "caption": message["caption"],
        "photo": f"/sandbox/files/{photo['path']}" if photo else "",
        "document": _document(document) if document else None,
        "contact": (extra.get("contact") or {}).get("phone_number", ""),
        "joined": [u.get("first_name", "") for u in extra.get("new_chat_members", [])],
        "edited": message["edited"],
        "time": _time(message["date"]),
        "buttons": message["buttons"],
    }


def _document(document: dict[str, Any]) -> dict[str, str]:
    """A file the bot sent (the report's workbook, a certificate): its name, size and address."""
    size = int(document["size"])
    shown = f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"
    return {"url": f"/sandbox/files/{document['path']}", "name": document["name"], "size": shown}


def linked(text: str) -> Markup:
    """The text, escaped, with its web addresses made links (the /web sign-in link)."""
    parts, last = [], 0
    for found in _ADDRESS.finditer(text):
        address = found.group()
        parts += [escape(text[last : found.start()]), _link(address)]
        last = found.end()
    return Markup("").join([*parts, escape(text[last:])])


def _link(address: str) -> Markup:
    return Markup('<a href="{0}" target="_blank" rel="noopener">{0}</a>').format(address)


def _time(stamp: int) -> str:
    """When a message came, in Beijing time; with the day, as time travel spans days."""
    return datetime.fromtimestamp(stamp, UTC).astimezone(LOCAL_TZ).strftime("%m-%d %H:%M")


def drawn(templates: jinja2.Environment, emu: Emulator, shown: Pane) -> dict[str, Any]:
    """A pane drawn again for the page, with the chat as data beside it (for scripts)."""
    html = templates.get_template("sandbox/_chat.html").render(chat=pane(emu, shown))
    return {"html": html, "chat": emu.view(shown.chat_id)}


def clock(travel: TravelClock) -> dict[str, Any]:
    now = travel.now()
    hours = int(travel.travelled.total_seconds()) // 3600
    return {
        "iso": now.isoformat(),
        "text": local_text(now),
        "weekday": WEEKDAYS[now.astimezone(LOCAL_TZ).weekday()],
        "days": hours // 24,
        "hours": hours % 24,
        "travelled_hours": hours,
    }


def clock_drawn(templates: jinja2.Environment, travel: TravelClock) -> dict[str, Any]:
    shown = clock(travel)
    return {**shown, "html": templates.get_template("sandbox/_clock.html").render(clock=shown)}
