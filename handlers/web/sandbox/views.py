"""What the page draws: each pane's chat as the emulator shows it now, and the bot's clock."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import jinja2

from bot.domain.clock import LOCAL_TZ, TravelClock, local_text
from handlers.telegram.emulator import Emulator
from handlers.web.sandbox.cast import Pane

WEEKDAYS = "一二三四五六日"


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
    photo = message["photo"]
    return {
        "id": message["id"],
        "from_bot": message["from_bot"],
        "mine": not message["from_bot"] and message["sender_id"] == actor,
        "sender": message["sender"],
        "text": message["text"],
        "caption": message["caption"],
        "photo": f"/sandbox/files/{photo['path']}" if photo else "",
        "contact": (extra.get("contact") or {}).get("phone_number", ""),
        "joined": [u.get("first_name", "") for u in extra.get("new_chat_members", [])],
        "edited": message["edited"],
        "time": _time(message["date"]),
        "buttons": message["buttons"],
    }


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
