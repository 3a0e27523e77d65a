"""Drive the real Application with Updates; record what the bot sends.

Only the network edge is not the real one: it is the project's Bot API emulator,
reached in process. `RecordingRequest` keeps every call, so tests read like a chat
session, and the emulator is as strict as Telegram where it matters: a press is
answered once, an edit must change something and find its message.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from telegram import Update

from bot.domain.workflow import Role
from handlers.telegram.emulator import BotIdentity, Emulator, InProcessRequest, Message

BOT_ID = 777000
TOKEN = "123:TEST"


@dataclass
class Sent:
    method: str
    params: dict[str, Any]
    status: int = 0  # the HTTP status the emulator answered with (0: not yet answered)

    @property
    def ok(self) -> bool:
        return self.status == 200

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


# A message as the chat shows it now, edits applied: chat_id, message_id, text, rows.
Shown = Message


def button_data(message: Sent | Shown, label: str) -> str:
    """The callback data behind the button labelled `label` on someone's message: for a
    test that makes another chat send it (`Chat.click`), as a forged press would."""
    found = [data for text, data in message.buttons if text == label]
    assert len(found) == 1, f"{len(found)} buttons “{label}” on the message"
    return found[0]


def harness_emulator() -> Emulator:
    """Any chat the bot names exists (the tests' people are in the database, not in
    Telegram), and nothing is rate-limited: pacing is tested on the bot's own clock."""
    bot = BotIdentity(BOT_ID, "科普", "kepu_bot")
    return Emulator(TOKEN, bot=bot, limits=None, open_chats=True)


class RecordingRequest(InProcessRequest):
    """The emulator, in process, keeping every call the bot makes."""

    def __init__(self, twin: RecordingRequest | None = None) -> None:
        # PTB uses a second request object for getUpdates; a twin shares our record.
        self._shared = twin._shared if twin else {"calls": [], "emulator": harness_emulator()}
        super().__init__(self._shared["emulator"])

    @property
    def calls(self) -> list[Sent]:
        return self._shared["calls"]

    @property
    def shown(self) -> dict[tuple[int, int], Shown]:
        """Every message the bot sent, as it shows now, by (chat, message id)."""
        chats = self.emulator.world.chats.values()
        return {
            (m.chat_id, m.message_id): m
            for chat in chats
            for m in chat.messages.values()
            if m.from_bot
        }

    @property
    def updates(self) -> list[dict[str, Any]]:
        """What Telegram holds for the bot: the updates not yet confirmed."""
        return self.emulator.updates.pending

    @updates.setter
    def updates(self, value: list[dict[str, Any]]) -> None:
        self.emulator.updates.replace(value)

    async def respond(
        self, token: str, method: str, params: dict[str, Any], files: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        sent = Sent(method, params)
        self.calls.append(sent)  # refused calls too: a test may count the attempts
        status, body = await super().respond(token, method, params, files)
        sent.status = status
        return status, body

    @property
    def read_timeout(self) -> float | None:
        return 1.0


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

    @property
    def emulator(self) -> Emulator:
        return self.session.request.emulator

    def _here(self) -> int | None:
        """Make this person (and the group they speak in) known; the chat to speak in."""
        world = self.emulator.world
        world.user(self.user_id, first_name=self.name, language_code=self.language_code)
        if self.group_id is None:
            return None
        group = world.chats.get(self.group_id) or world.group("服务队群", self.group_id)
        group.members.add(self.user_id)
        return self.group_id

    async def send(self, text: str) -> list[Sent]:
        payload = self.emulator.people.text_message(self.user_id, text, self._here())
        return await self.session.feed(payload, self.user_id)

    async def send_raw(self, **content: Any) -> list[Sent]:
        payload = self.emulator.people.message(self.user_id, self._here(), **content)
        return await self.session.feed(payload, self.user_id)

    @property
    def chat_id(self) -> int:
        return self.group_id if self.group_id is not None else self.user_id

    def messages(self) -> list[Shown]:
        """What this chat shows now, oldest first (the bot's messages)."""
        return self.emulator.messages(self.chat_id)

    def _query(self, data: str, shown: Shown | None) -> dict[str, Any]:
        """A press, known to the emulator, so that it can be answered once."""
        message_id = shown.message_id if shown else None
        chat_id = self._here() or self.user_id
        return self.emulator.people.callback(self.user_id, chat_id, message_id, data)

    async def click(self, data: str) -> list[Sent]:
        """Press a button by its raw callback data (on the latest message showing it, if one
        does; otherwise as if from a message the chat no longer has). Only for presses
        whose point is the data: forged, stale, or taken from another person's card.
        Everything a person does is `press(label)`."""
        shown = next(
            (
                m
                for m in reversed(self.messages())
                if any(d == data for row in m.rows for _, d in row)
            ),
            None,
        )
        return await self.session.feed(self._query(data, shown), self.user_id)

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
                return self._query(found[0], shown)
        visible = [t for m in self.messages()[-3:] for r in m.rows for t, _ in r]
        raise AssertionError(f"no button “{label}” in chat {self.chat_id}; it shows {visible}")

    async def press(self, label: str, row: str = "") -> list[Sent]:
        return await self.session.feed(self.press_update(label, row), self.user_id)

    async def feed(self, update: dict[str, Any]) -> list[Sent]:
        """Deliver an update made earlier (`press_update`): a press on a card as it showed
        then, e.g. a button since gone (stale) or pressed twice."""
        return await self.session.feed(update, self.user_id)

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

    def _sent(self) -> list[Sent]:
        """What the bot sent this chat, in order (not the edits of messages already there)."""
        return [
            s
            for s in self.session.request.calls
            if s.chat_id == self.user_id and not s.method.startswith("edit")
        ]

    def last_text(self) -> str:
        texts = [s.text for s in self._sent() if s.text]
        return texts[-1] if texts else ""

    def last_buttons(self) -> list[tuple[str, str]]:
        for sent in reversed(self._sent()):
            if sent.buttons:
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
    from bot.outbox.pacing import FakeTimeline, Pacer, Timeline
    from handlers.telegram.app import build_application

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

ORDER_CODE = re.compile(r"\b[A-Z]{2,4}-\d{4}-\d{6}\b")


def order_code(text: str) -> str:
    """The order code a card or a list line shows (the first, if it shows several)."""
    found = ORDER_CODE.search(text)
    assert found, f"no order code in “{text[:60]}”"
    return found.group()


async def order_id_of(services, card: Sent | Shown) -> int:
    """The id of the order whose code `card` shows, as the database knows it: for service
    calls and database checks (presses go by label, and tests never read callback data)."""
    from storage import orders

    code = order_code(card.text)
    async with services.db.read() as tx:
        order = await orders.get_by_code(tx, code)
    assert order is not None, f"no order {code}"
    return order.id


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


# The category the router puts 羊病防治 in, as its button reads (title, lead agency).
FARMING = "实施乡村振兴科技支撑行动（旗农牧局）"


async def submitted_order(session):
    resident = session.chat(6001, "王大姐")
    await resident.send("/order")
    await resident.press("达拉特旗")
    await resident.press("树林召镇新时代文明实践所")
    await resident.send("嘎查想请人讲讲羊病防治")
    await resident.press(FARMING)
    await resident.send("本嘎查牧民")
    await resident.send("40")
    await resident.press("下周")
    await resident.send("13812345678")
    await resident.press("✅ 提交")
    return resident


@dataclass
class Scheduled:
    """An order with its time agreed, and the chats of everyone on it."""

    resident: Any
    station: Any
    agency: Any
    team: Any
    order_id: int


async def scheduled_order(session, services, first_id: int = 7101) -> Scheduled:
    """An order taken by the team, its time confirmed by the resident (staff ids from
    `first_id`: station, agency, team leader)."""
    station = await member(session, services, first_id, Role.station, "dalad-shulinzhao", "阵地")
    agency_id = services.catalog.resolve("dalad", "旗农牧局").id
    agency = await member(session, services, first_id + 1, Role.agency, agency_id, "农牧局")
    team = await member(session, services, first_id + 2, Role.team_leader, "dalad-agri", "一队")
    resident = await submitted_order(session)
    order_id = await order_id_of(services, cards(session, station, "新订单待派单")[-1])
    orders = services.orders
    await orders.dispatch(order_id, station.user_id)
    await orders.claim(order_id, agency.user_id)
    await orders.publish(order_id, agency.user_id)
    await orders.accept(order_id, team.user_id)
    await orders.propose_time(order_id, team.user_id, services.clock.now() + timedelta(days=1))
    await orders.confirm_time(order_id, resident.user_id)
    await session.application.bot_data["sender"].drain()
    return Scheduled(resident, station, agency, team, order_id)


async def delivered_order(session, services, first_id: int = 7101) -> Scheduled:
    """An order served by the team and waiting for the resident's stars."""
    found = await scheduled_order(session, services, first_id)
    services.clock.advance(days=2)
    report = {"date": "2026-03-03", "attendance": 30, "hours": 2, "volunteers": 3}
    await services.orders.report_done(found.order_id, found.team.user_id, report)
    await session.application.bot_data["sender"].drain()
    return found


async def picking_members(session, services):
    """A team of two (巴特尔 leads, 其其格), its leader reporting completion in chat and at
    the step that names who served: (leader, mate)."""
    station = await member(session, services, 8201, Role.station, "dalad-shulinzhao", "阵地")
    agency_id = services.catalog.resolve("dalad", "旗农牧局").id
    agency = await member(session, services, 8202, Role.agency, agency_id, "农牧局")
    leader = await member(session, services, 8203, Role.team_leader, "dalad-agri", "巴特尔")
    mate = await member(session, services, 8204, Role.team_member, "dalad-agri", "其其格")
    resident = await submitted_order(session)
    await station.press("派给建议部门")
    await agency.press("领单")
    await agency.press("发布给匹配的服务队（1 支）")
    await leader.press("接单")
    await leader.press("约定时间")
    await leader.send("今天晚上八点")
    await resident.press("确认时间")
    services.clock.advance(hours=4)
    await leader.press("报告完成")
    for answer in ("今天", "30", "2", "2"):  # the day, attendance, hours, volunteers
        await leader.send(answer)
    assert leader.labels() == ["✅ 巴特尔", "其其格", "确定"]
    return leader, mate
