"""Drive the real Application with Updates; record what the bot sends.

Only the network edge is fake: `RecordingRequest` answers the Bot API methods
the bot calls and keeps every call, so tests read like a chat session.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.request import BaseRequest, RequestData

from bot.workflow import Role

BOT_ID = 777000


@dataclass
class Sent:
    method: str
    params: dict[str, Any]

    @property
    def chat_id(self) -> int | None:
        return self.params.get("chat_id")

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    @property
    def buttons(self) -> list[tuple[str, str]]:
        markup = self.params.get("reply_markup") or {}
        if isinstance(markup, str):
            markup = json.loads(markup)
        rows = markup.get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]


BAD_QUERY = "Bad Request: query is too old and response timeout expired or query ID is invalid"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
NOT_FOUND = "Bad Request: message to edit not found"


def keyboard(markup: Any) -> list[list[tuple[str, str]]]:
    """An inline keyboard as rows of (label, callback data); no keyboard is no rows."""
    if isinstance(markup, str):
        markup = json.loads(markup)
    rows = (markup or {}).get("inline_keyboard", [])
    return [[(b["text"], b.get("callback_data", "")) for b in row] for row in rows if row]


@dataclass
class Shown:
    """A message as the chat shows it now: edits applied."""

    chat_id: int
    message_id: int
    text: str
    rows: list[list[tuple[str, str]]]


class RecordingRequest(BaseRequest):
    """The Bot API as strict as Telegram where it matters: a press is answered once, an
    edit must change something and find its message."""

    def __init__(self, twin: RecordingRequest | None = None) -> None:
        # PTB uses a second request object for getUpdates; a twin shares our record.
        self._shared = (
            twin._shared
            if twin
            else {
                "calls": [],
                "updates": [],
                "ids": itertools.count(1),
                "shown": {},
                "answered": set(),
            }
        )

    @property
    def calls(self) -> list[Sent]:
        return self._shared["calls"]

    @property
    def shown(self) -> dict[tuple[int, int], Shown]:
        return self._shared["shown"]

    @property
    def updates(self) -> list[dict[str, Any]]:
        return self._shared["updates"]

    @updates.setter
    def updates(self, value: list[dict[str, Any]]) -> None:
        self._shared["updates"] = value

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **_: Any
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        self.calls.append(Sent(name, params))
        refused = self._refusal(name, params)
        if refused:
            body = {"ok": False, "error_code": 400, "description": refused}
            return 400, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": self._result(name, params)}).encode()

    def _refusal(self, name: str, params: dict[str, Any]) -> str | None:
        if name == "answerCallbackQuery":
            if params["callback_query_id"] in self._shared["answered"]:
                return BAD_QUERY
            self._shared["answered"].add(params["callback_query_id"])
        if name in ("editMessageText", "editMessageReplyMarkup"):
            shown = self.shown.get((params.get("chat_id"), params.get("message_id")))
            if shown is None:
                return NOT_FOUND
            text = params.get("text", shown.text) if name == "editMessageText" else shown.text
            rows = keyboard(params.get("reply_markup"))
            if (text, rows) == (shown.text, shown.rows):
                return NOT_MODIFIED
            shown.text, shown.rows = text, rows
        return None

    def _result(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getUpdates":
            offset = int(params.get("offset") or 0)
            # Telegram forgets what an offset confirms, and redelivers the rest.
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            return self.updates
        if name == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "科普", "username": "kepu_bot"}
        if name in ("sendMessage", "sendPhoto", "sendDocument"):
            message_id = next(self._shared["ids"])
            chat_id = params.get("chat_id", 0)
            rows = keyboard(params.get("reply_markup"))
            self.shown[(chat_id, message_id)] = Shown(
                chat_id, message_id, params.get("text", ""), rows
            )
            return self._message(chat_id, message_id, params.get("text", ""))
        if name == "editMessageText":
            return self._message(params["chat_id"], params["message_id"], params.get("text", ""))
        return True

    @staticmethod
    def _message(chat_id: int, message_id: int, text: str) -> dict[str, Any]:
        return {
            "message_id": message_id,
            "date": 0,
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "text": text,
        }


@dataclass
class Chat:
    """A person talking to the bot in a private chat."""

    session: Session
    user_id: int
    name: str = "居民"
    language_code: str = "zh-hans"
    inbox: list[Sent] = field(default_factory=list)
    group_id: int | None = None  # set: this person speaking in a group chat

    def in_group(self, group_id: int) -> Chat:
        return Chat(self.session, self.user_id, self.name, self.language_code, [], group_id)

    def _chat(self) -> dict[str, Any]:
        if self.group_id is not None:
            return {"id": self.group_id, "type": "group", "title": "服务队群"}
        return {"id": self.user_id, "type": "private"}

    def _user(self) -> dict[str, Any]:
        return {
            "id": self.user_id,
            "is_bot": False,
            "first_name": self.name,
            "language_code": self.language_code,
        }

    def _message(self, **content: Any) -> dict[str, Any]:
        return {
            "message_id": self.session.next_id(),
            "date": 0,
            "from": self._user(),
            "chat": self._chat(),
            **content,
        }

    async def send(self, text: str) -> list[Sent]:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return await self.session.feed({"message": self._message(**content)}, self.user_id)

    async def send_raw(self, **content: Any) -> list[Sent]:
        return await self.session.feed({"message": self._message(**content)}, self.user_id)

    @property
    def chat_id(self) -> int:
        return self.group_id if self.group_id is not None else self.user_id

    def messages(self) -> list[Shown]:
        """What this chat shows now, oldest first."""
        return [m for m in self.session.request.shown.values() if m.chat_id == self.chat_id]

    def _query(self, data: str, shown: Shown | None) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": shown.message_id if shown else 0,
            "date": 0,
            "chat": self._chat(),
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "科普"},
        }
        if shown is not None:
            message["text"] = shown.text
            if shown.rows:
                rows = [[{"text": t, "callback_data": d} for t, d in row] for row in shown.rows]
                message["reply_markup"] = {"inline_keyboard": rows}
        return {
            "id": str(self.session.next_id()),
            "from": self._user(),
            "chat_instance": "c",
            "data": data,
            "message": message,
        }

    async def click(self, data: str) -> list[Sent]:
        """Press the button with this callback data (on the latest message showing it, if
        one does; otherwise as if from a message the chat no longer has)."""
        shown = next(
            (
                m
                for m in reversed(self.messages())
                if any(d == data for row in m.rows for _, d in row)
            ),
            None,
        )
        return await self.session.feed({"callback_query": self._query(data, shown)}, self.user_id)

    def press_update(self, label: str, row: str = "") -> dict[str, Any]:
        """The update a press of the button labelled `label` makes, on the latest message in
        this chat that shows it; `row` picks, in a list, the row with a button containing it."""
        for shown in reversed(self.messages()):
            found = [
                data
                for buttons in shown.rows
                if not row or any(row in t for t, _ in buttons)
                for text, data in buttons
                if text == label
            ]
            if len(found) > 1:
                raise AssertionError(f"“{label}” is on {len(found)} rows; say which with row=")
            if found:
                return {"callback_query": self._query(found[0], shown)}
        visible = [t for m in self.messages()[-3:] for r in m.rows for t, _ in r]
        raise AssertionError(f"no button “{label}” in chat {self.chat_id}; it shows {visible}")

    async def press(self, label: str, row: str = "") -> list[Sent]:
        return await self.session.feed(self.press_update(label, row), self.user_id)

    def labels(self) -> list[str]:
        """The buttons of the latest message in this chat that has any."""
        for shown in reversed(self.messages()):
            if shown.rows:
                return [t for r in shown.rows for t, _ in r]
        return []

    def showing(self, words: str) -> Shown:
        """The latest message in this chat whose text contains `words`, as it shows now."""
        found = [m for m in self.messages() if words in m.text]
        assert found, f"chat {self.chat_id} shows nothing with “{words}”"
        return found[-1]

    def answers(self, sent: list[Sent]) -> list[str]:
        """What the presses in `sent` were answered with."""
        return [s.params.get("text", "") for s in sent if s.method == "answerCallbackQuery"]

    def last_text(self) -> str:
        texts = [s.text for s in self.session.request.calls if s.chat_id == self.user_id and s.text]
        return texts[-1] if texts else ""

    def last_buttons(self) -> list[tuple[str, str]]:
        for sent in reversed(self.session.request.calls):
            if sent.chat_id == self.user_id and sent.buttons:
                return sent.buttons
        return []


class Session:
    def __init__(self, application: Any, request: RecordingRequest) -> None:
        self.application = application
        self.request = request
        self._ids = itertools.count(100)

    def next_id(self) -> int:
        return next(self._ids)

    def chat(self, user_id: int, name: str = "居民", language_code: str = "zh-hans") -> Chat:
        return Chat(self, user_id, name, language_code)

    async def feed(self, payload: dict[str, Any], user_id: int) -> list[Sent]:
        before = len(self.request.calls)
        update = Update.de_json({"update_id": self.next_id(), **payload}, self.application.bot)
        await self.application.process_update(update)
        await self.application.bot_data["sender"].drain()  # what the sender loop would send
        return self.request.calls[before:]


async def start_session(
    services: Any,
    request: RecordingRequest | None = None,
    twin: RecordingRequest | None = None,
    pacer: Any = None,
) -> Session:
    """The real Application over `services`, talking to a recording network edge.

    Sending is paced on the services' fake clock, so limits cost no real time."""
    from bot.app import build_application
    from bot.pacing import FakeTimeline, Pacer, Timeline

    request = request or RecordingRequest()
    clock = services.clock
    timeline = FakeTimeline(clock) if hasattr(clock, "advance") else Timeline()
    application = build_application(
        services,
        "123:TEST",
        request=request,
        get_updates_request=twin or RecordingRequest(twin=request),
        rate_limited=False,
        pacer=pacer or Pacer(timeline),
    )
    await application.initialize()
    return Session(application, request)


# --- people and orders that most role tests begin with ---------------------------


async def member(session, services, user_id, role, scope, name):
    invite = await services.people.create_invite(None, role, scope)
    chat = session.chat(user_id, name)
    replies = await chat.send(f"/start {invite.code}")
    assert any("已确认" in r.text for r in replies)
    menu = next(r for r in replies if r.method == "setMyCommands")
    assert menu.params["scope"]["chat_id"] == user_id  # a menu of this person's own
    return chat


def cards(session, chat, template_word):
    return [
        c
        for c in session.request.calls
        if c.method == "sendMessage" and c.chat_id == chat.user_id and template_word in c.text
    ]


async def submitted_order(session):
    resident = session.chat(6001, "王大姐")
    await resident.send("/order")
    await resident.click("j:dalad")
    await resident.click("s:dalad-shulinzhao")
    await resident.send("嘎查想请人讲讲羊病防治")
    await resident.click("t:farmers.3")
    await resident.send("本嘎查牧民")
    await resident.send("40")
    await resident.click("w:next_week")
    await resident.send("13812345678")
    await resident.click("ok")
    return resident


async def delivered_order(session, services):
    """An order served by the team and waiting for the resident's stars."""
    station = await member(session, services, 7101, Role.station, "dalad-shulinzhao", "阵地")
    agency_id = services.catalog.resolve("dalad", "旗农牧局").id
    agency = await member(session, services, 7102, Role.agency, agency_id, "农牧局")
    team = await member(session, services, 7103, Role.team_leader, "dalad-agri", "一队")
    resident = await submitted_order(session)
    order_id = int(cards(session, station, "新订单待派单")[-1].buttons[0][1].split(":")[2])
    orders = services.orders
    await orders.dispatch(order_id, station.user_id)
    await orders.claim(order_id, agency.user_id)
    await orders.publish(order_id, agency.user_id)
    await orders.accept(order_id, team.user_id)
    await orders.propose_time(order_id, team.user_id, services.clock.now() + timedelta(days=1))
    await orders.confirm_time(order_id, resident.user_id)
    services.clock.advance(days=2)
    report = {"date": "2026-03-03", "attendance": 30, "hours": 2, "volunteers": 3}
    await orders.report_done(order_id, team.user_id, report)
    await session.application.bot_data["sender"].drain()
    return resident, station
