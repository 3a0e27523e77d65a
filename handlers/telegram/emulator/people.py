"""What people do in Telegram, as the bot sees it: typing, pressing, sharing a contact,
sending a photo, opening a start link, blocking the bot.

Two levels. `message`, `text_message` and `callback` record what the user did in the
chat and return the update payload without delivering it (the in-process harness
hands it to the Application itself). The verbs (`say`, `press`, `start`, …) also
deliver it: into the getUpdates queue, or to the webhook while one is set.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlparse

from handlers.telegram.emulator import wire
from handlers.telegram.emulator.errors import ApiError
from handlers.telegram.emulator.limits import length
from handlers.telegram.emulator.records import Chat, Message, StoredFile, User
from handlers.telegram.emulator.world import World

if TYPE_CHECKING:
    from handlers.telegram.emulator.emulator import Emulator

_COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_])")
_START_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_TYPED_FIELDS = ("text", "entities", "caption", "photo", "document")


def command_entities(text: str) -> list[dict[str, Any]]:
    """bot_command entities, with offsets in UTF-16 units as Telegram gives them."""
    return [
        {"type": "bot_command", "offset": length(text[: m.start()]), "length": length(m.group())}
        for m in _COMMAND.finditer(text)
    ]


def _typed(key: str, value: Any) -> bool:
    """Content the emulator keeps as such; anything else goes into the update as given."""
    if key in ("photo", "document"):
        return isinstance(value, StoredFile)
    return value is not None


def record(
    world: World, chat: Chat, user_id: int, typed: dict[str, Any], extra: dict[str, Any]
) -> dict[str, Any]:
    """Keep what a user sent in the chat; the message as the bot will read it."""
    message = world.add_message(chat, user_id, extra=extra, **typed)
    return wire.message(world, message)


def group_of(world: World, chat_id: int) -> Chat:
    chat = world.chats.get(chat_id)
    if chat is None or chat.is_private:
        raise ValueError(f"no group {chat_id}")
    return chat


class People:
    def __init__(self, emulator: Emulator) -> None:
        self.emu = emulator
        self.world = emulator.world

    # --- who is there -----------------------------------------------------------------

    def user(self, user_id: int, first_name: str | None = None, **more: Any) -> User:
        """Create or update a user (last_name, username, language_code, phone)."""
        return self.world.user(user_id, first_name=first_name, **more)

    def block(self, user_id: int) -> None:
        """The user blocks the bot: sending to them is refused with 403."""
        self._set_blocked(user_id, True)

    def unblock(self, user_id: int) -> None:
        self._set_blocked(user_id, False)

    def _set_blocked(self, user_id: int, blocked: bool) -> None:
        chat = self.world.private_chat(user_id)
        if chat.blocked == blocked:
            return
        chat.blocked, chat.started = blocked, True
        self.world.feed.record("chat", user_id)
        old, new = ("member", "kicked") if blocked else ("kicked", "member")
        self.deliver({"my_chat_member": wire.bot_status(self.world, chat, user_id, old, new)})

    # --- building updates (recorded, not delivered) -----------------------------------

    def message(self, user_id: int, chat_id: int | None = None, **content: Any) -> dict[str, Any]:
        """What the user sent, recorded in the chat; the update payload (no update_id)."""
        chat = self._chat_for(user_id, chat_id)
        typed = {k: content.pop(k) for k in _TYPED_FIELDS if _typed(k, content.get(k))}
        return {"message": record(self.world, chat, user_id, typed, content)}

    def text_message(
        self, user_id: int, text: str, chat_id: int | None = None, reply_to: int | None = None
    ) -> dict[str, Any]:
        entities = command_entities(text)
        chat = self._chat_for(user_id, chat_id)
        typed: dict[str, Any] = {"text": text, "entities": entities, "reply_to": reply_to}
        return {"message": record(self.world, chat, user_id, typed, {})}

    def callback(
        self, user_id: int, chat_id: int, message_id: int | None, data: str
    ) -> dict[str, Any]:
        """A press on a button of `message_id` (None or gone: a message the chat lost)."""
        chat = self._chat_for(user_id, chat_id)
        query = self.world.new_query(user_id, chat.id, message_id, data)
        shown = chat.messages.get(message_id) if message_id is not None else None
        message = (
            wire.message(self.world, shown)
            if shown is not None
            else wire.inaccessible(self.world, chat.id, message_id or 0)
        )
        return {
            "callback_query": {
                "id": query.id,
                "from": wire.user(self.world.user(user_id)),
                "message": message,
                "chat_instance": str(chat.id),
                "data": data,
            }
        }

    def _chat_for(self, user_id: int, chat_id: int | None) -> Chat:
        self.world.user(user_id)
        if chat_id is None or chat_id == user_id:
            chat = self.world.private_chat(user_id)
            if chat.blocked:
                raise ValueError(f"user {user_id} has blocked the bot; unblock first")
            chat.started = True
            return chat
        chat = group_of(self.world, chat_id)
        if user_id not in chat.members:
            raise ValueError(f"user {user_id} is not a member of chat {chat_id}")
        return chat

    # --- what people do (recorded and delivered) --------------------------------------

    def deliver(self, payload: dict[str, Any]) -> int:
        return self.emu.updates.put(payload)

    def say(self, user_id: int, text: str, chat_id: int | None = None) -> int | None:
        """Type and send a text; the update id, or None when the bot does not see it."""
        payload = self.text_message(user_id, text, chat_id)
        return self._deliver_if_seen(payload)

    def start(self, user_id: int, payload: str = "") -> int:
        """Open the bot (a t.me/<bot>?start=PAYLOAD link sends "/start PAYLOAD")."""
        if payload and not _START_PAYLOAD.match(payload):
            raise ValueError(f"a start payload is 1-64 of A-Z a-z 0-9 _ -: {payload!r}")
        update_id = self.say(user_id, f"/start {payload}" if payload else "/start")
        assert update_id is not None  # private chats see everything
        return update_id

    def open_link(self, user_id: int, url: str) -> int:
        """Follow a https://t.me/<bot>?start=… link to this bot."""
        link, bot = urlparse(url), self.world.bot.username
        if link.netloc not in ("t.me", "telegram.me") or link.path.strip("/") != bot:
            raise ValueError(f"not a link to @{self.world.bot.username}: {url}")
        return self.start(user_id, parse_qs(link.query).get("start", [""])[0])

    def share_contact(self, user_id: int, phone: str | None = None) -> int:
        """Share one's own contact (as the share-contact button does)."""
        user = self.world.user(user_id)
        number = phone or user.phone
        if not number:
            raise ValueError(f"user {user_id} has no phone number to share")
        contact = {"phone_number": number, "first_name": user.first_name, "user_id": user_id}
        if user.last_name:
            contact["last_name"] = user.last_name
        return self.deliver(self.message(user_id, contact=contact))

    def send_photo(
        self, user_id: int, content: bytes, caption: str = "", chat_id: int | None = None
    ) -> int | None:
        """Send a picture (PNG, GIF or JPEG bytes); it gets a file_id like any upload."""
        try:
            stored = self.emu.files.add_photo(content)
        except ApiError as exc:
            raise ValueError(f"not a picture Telegram would take: {exc.description}") from exc
        payload = self.message(user_id, chat_id, photo=stored, caption=caption)
        return self._deliver_if_seen(payload)

    def send_document(
        self, user_id: int, content: bytes, file_name: str, chat_id: int | None = None
    ) -> int | None:
        stored = self.emu.files.add_document(content, file_name)
        return self._deliver_if_seen(self.message(user_id, chat_id, document=stored))

    def press(self, user_id: int, message: Message, data: str) -> str:
        """Press the button with this callback data; returns the callback query id."""
        if data not in [d for _, d in message.buttons]:
            raise ValueError(f"message {message.message_id} has no button with data {data!r}")
        payload = self.callback(user_id, message.chat_id, message.message_id, data)
        self.deliver(payload)
        return str(payload["callback_query"]["id"])

    def press_label(self, user_id: int, message: Message, label: str) -> str:
        found = [d for text, d in message.buttons if text == label]
        if len(found) != 1:
            raise ValueError(f"{len(found)} buttons labelled {label!r} on {message.message_id}")
        return self.press(user_id, message, found[0])

    def tap(self, user_id: int, label: str) -> int:
        """Tap a button of the reply keyboard under the input field of the private chat."""
        keyboard = self.world.private_chat(user_id).keyboard or {}
        buttons = [b for row in keyboard.get("keyboard", []) for b in row]
        button = next((b for b in buttons if b.get("text") == label), None)
        if button is None:
            raise ValueError(f"no keyboard button {label!r} in chat {user_id}")
        if button.get("request_contact"):
            return self.share_contact(user_id)
        update_id = self.say(user_id, label)
        assert update_id is not None
        return update_id

    def _deliver_if_seen(self, payload: dict[str, Any]) -> int | None:
        if not self._bot_sees(payload["message"]):
            return None
        return self.deliver(payload)

    def _bot_sees(self, message: dict[str, Any]) -> bool:
        """In privacy mode a bot in a group gets commands (not another bot's), replies
        to its own messages, and mentions of it; in private chats, everything."""
        if message["chat"]["type"] == "private" or not self.emu.privacy_mode:
            return True
        text = message.get("text") or message.get("caption") or ""
        mention = "@" + self.world.bot.username
        commands = [m.group() for m in _COMMAND.finditer(message.get("text") or "")]
        if any("@" not in c or c.endswith(mention) for c in commands):
            return True
        replied = message.get("reply_to_message", {}).get("from", {})
        return replied.get("id") == self.world.bot.id or mention in text
