"""A local Bot API emulator: the Telegram server side of what the bot uses, over real HTTP.

The bot process talks to it exactly as to api.telegram.org
(`{base}/bot{token}/{method}`). The test talks to it as the users would: it
injects messages, shared contacts and button presses as updates, and reads what
each chat shows (messages, with edits applied) and how each button press was answered.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT = {"id": 424242, "is_bot": True, "first_name": "科普", "username": "kepu_emulated_bot"}
_INTS = ("chat_id", "message_id", "offset", "timeout", "limit")
_JSON = ("reply_markup", "allowed_updates", "commands", "scope", "entities")


@dataclass
class Shown:
    """A message as its chat shows it now."""

    message_id: int
    chat_id: int
    text: str
    buttons: list[tuple[str, str]] = field(default_factory=list)
    edits: int = 0

    def data(self, startswith: str) -> str:
        return next(d for _, d in self.buttons if d.startswith(startswith))


def _buttons(markup: Any) -> list[tuple[str, str]]:
    rows = (markup or {}).get("inline_keyboard", [])
    return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]


class BotApiEmulator:
    def __init__(self, token: str) -> None:
        self.token = token
        self.pending: list[dict[str, Any]] = []  # injected, not yet confirmed by an offset
        self.handed_out: list[int] = []  # update ids returned by getUpdates, in order
        self.chats: dict[int, list[Shown]] = defaultdict(list)
        self.answers: dict[str, str] = {}  # callback query id -> the text it was answered with
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.commands: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._arrived = asyncio.Event()
        self.closing = False
        self.webhook: dict[str, Any] = {}

    # --- the server side: what the bot calls ------------------------------------------

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/bot{token}/{method}", self._handle)
        return app

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params = await _params(request)
        self.calls.append((method, params))
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return _error(404, "Not Found: method not found")
        try:
            result = await handler(params)
        except LookupError as exc:
            return _error(400, f"Bad Request: {exc}")
        return web.json_response({"ok": True, "result": result})

    async def _m_getMe(self, _: dict[str, Any]) -> Any:
        return BOT

    async def _m_deleteWebhook(self, _: dict[str, Any]) -> Any:
        return True

    async def _m_setWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = params
        return True

    async def _m_setMyCommands(self, params: dict[str, Any]) -> Any:
        self.commands.append(params)
        return True

    async def _m_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = params.get("offset") or 0
        # An offset confirms every update before it: Telegram forgets those.
        self.pending = [u for u in self.pending if u["update_id"] >= offset]
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while not self.pending and not self.closing and time.monotonic() < deadline:
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), deadline - time.monotonic())
            except TimeoutError:
                break
        batch = self.pending[: int(params.get("limit") or 100)]
        self.handed_out += [u["update_id"] for u in batch]
        return batch

    async def _m_sendMessage(self, params: dict[str, Any]) -> Any:
        return self._show(params["chat_id"], params.get("text", ""), params.get("reply_markup"))

    async def _m_sendPhoto(self, params: dict[str, Any]) -> Any:
        return self._show(params["chat_id"], params.get("caption", "[photo]"), None)

    async def _m_sendDocument(self, params: dict[str, Any]) -> Any:
        return self._show(params["chat_id"], params.get("caption", "[document]"), None)

    async def _m_editMessageText(self, params: dict[str, Any]) -> Any:
        shown = self._find(params["chat_id"], params["message_id"])
        shown.text = params.get("text", shown.text)
        shown.buttons = _buttons(params.get("reply_markup"))
        shown.edits += 1
        return self._as_message(shown)

    async def _m_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        shown = self._find(params["chat_id"], params["message_id"])
        shown.buttons = _buttons(params.get("reply_markup"))
        shown.edits += 1
        return self._as_message(shown)

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        self.answers[str(params["callback_query_id"])] = params.get("text", "")
        return True

    def _show(self, chat_id: int, text: str, markup: Any) -> dict[str, Any]:
        shown = Shown(next(self._message_ids), chat_id, text, _buttons(markup))
        self.chats[chat_id].append(shown)
        return self._as_message(shown)

    def _find(self, chat_id: int, message_id: int) -> Shown:
        for shown in self.chats.get(chat_id, []):
            if shown.message_id == message_id:
                return shown
        raise LookupError("message to edit not found")

    @staticmethod
    def _as_message(shown: Shown) -> dict[str, Any]:
        kind = "private" if shown.chat_id > 0 else "group"
        message: dict[str, Any] = {
            "message_id": shown.message_id,
            "date": int(time.time()),
            "chat": {"id": shown.chat_id, "type": kind},
            "from": BOT,
            "text": shown.text,
        }
        if shown.buttons:
            rows = [[{"text": t, "callback_data": d}] for t, d in shown.buttons]
            message["reply_markup"] = {"inline_keyboard": rows}
        return message

    def close(self) -> None:
        """End the long polls in flight, so the server can stop at once."""
        self.closing = True
        self._arrived.set()

    # --- the client side: what users do -------------------------------------------------

    def inject(self, *payloads: dict[str, Any]) -> list[int]:
        """Queue updates (one getUpdates batch if the bot is waiting); returns their ids."""
        ids = []
        for payload in payloads:
            update_id = next(self._update_ids)
            self.pending.append({"update_id": update_id, **payload})
            ids.append(update_id)
        self._arrived.set()
        return ids

    @staticmethod
    def user(user_id: int, name: str = "用户") -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": name, "language_code": "zh-hans"}

    def text(self, user_id: int, text: str, chat_id: int | None = None) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "from": self.user(user_id),
            "chat": {"id": chat_id or user_id, "type": "private" if not chat_id else "group"},
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split()[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {"message": message}

    def contact(self, user_id: int, phone: str, owner: int | None = None) -> dict[str, Any]:
        update = self.text(user_id, "")
        del update["message"]["text"]
        update["message"]["contact"] = {
            "phone_number": phone,
            "first_name": "用户",
            "user_id": owner if owner is not None else user_id,
        }
        return update

    def press(self, user_id: int, shown: Shown, data: str) -> dict[str, Any]:
        query_id = f"q{next(self._message_ids)}"
        return {
            "callback_query": {
                "id": query_id,
                "from": self.user(user_id),
                "chat_instance": str(shown.chat_id),
                "data": data,
                "message": self._as_message(shown),
            }
        }

    # --- reading what users see -----------------------------------------------------------

    def shown(self, chat_id: int) -> list[Shown]:
        return list(self.chats.get(chat_id, []))

    def last(self, chat_id: int, containing: str = "") -> Shown | None:
        for shown in reversed(self.chats.get(chat_id, [])):
            if containing in shown.text:
                return shown
        return None

    def answer_to(self, update: dict[str, Any]) -> str | None:
        return self.answers.get(update["callback_query"]["id"])


def _error(code: int, description: str) -> web.Response:
    body = {"ok": False, "error_code": code, "description": description}
    return web.json_response(body, status=code)


async def _params(request: web.Request) -> dict[str, Any]:
    """The method's parameters, whether sent as JSON, a form or multipart."""
    if request.content_type == "application/json":
        raw: dict[str, Any] = await request.json()
    else:
        form = await request.post()
        raw = {k: v for k, v in form.items() if isinstance(v, str)}
        raw.update({k: "[file]" for k, v in form.items() if not isinstance(v, str)})
        raw.update(request.query)
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _INTS and isinstance(value, str) and value.lstrip("-").isdigit():
            params[key] = int(value)
        elif key in _JSON and isinstance(value, str):
            params[key] = json.loads(value)
        else:
            params[key] = value
    return params
