"""What Telegram keeps: the bot, people, chats, messages as they show now, presses, files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class BotIdentity:
    id: int
    first_name: str = "科普"
    username: str = "kepu_bot"

    @classmethod
    def from_token(cls, token: str, **names: str) -> BotIdentity:
        """Telegram's bot id is the number before the colon of its token."""
        head = token.split(":", 1)[0]
        return cls(int(head) if head.isdigit() else 1, **names)


@dataclass
class User:
    id: int
    first_name: str = "用户"
    last_name: str = ""
    username: str = ""
    language_code: str = "zh-hans"
    phone: str = ""


@dataclass
class StoredFile:
    file_id: str
    unique_id: str
    kind: str  # "photo" or "document"
    content: bytes
    path: str
    file_name: str = ""
    mime_type: str = ""
    width: int = 0
    height: int = 0

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(eq=False)
class Message:
    """A message as its chat shows it now: edits are applied to it in place."""

    chat_id: int
    message_id: int
    sender_id: int
    from_bot: bool
    date: int
    text: str = ""
    entities: list[dict[str, Any]] = field(default_factory=list)
    caption: str = ""
    parse_mode: str | None = None
    inline_keyboard: list[list[dict[str, Any]]] = field(default_factory=list)
    photo: StoredFile | None = None
    document: StoredFile | None = None
    reply_to: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # contact, sticker, service fields …
    edits: int = 0
    edit_date: int | None = None

    @property
    def rows(self) -> list[list[tuple[str, str]]]:
        """The inline buttons as rows of (label, callback data or url)."""
        return [
            [(b.get("text", ""), b.get("callback_data", b.get("url", ""))) for b in row]
            for row in self.inline_keyboard
            if row
        ]

    @property
    def buttons(self) -> list[tuple[str, str]]:
        return [button for row in self.rows for button in row]

    def data(self, startswith: str) -> str:
        """The callback data of the first button whose data starts so."""
        found = next((d for _, d in self.buttons if d.startswith(startswith)), None)
        if found is None:
            raise LookupError(f"no button with data “{startswith}…” on message {self.message_id}")
        return found

    @property
    def body(self) -> str:
        return self.text or self.caption


@dataclass
class Chat:
    id: int
    type: str  # "private", "group" or "supergroup"
    title: str = ""
    members: set[int] = field(default_factory=set)
    messages: dict[int, Message] = field(default_factory=dict)
    next_message_id: int = 1
    started: bool = False  # private: the user has opened the chat with the bot
    blocked: bool = False  # private: the user has blocked the bot
    bot_member: bool = True  # groups: the bot is in the group
    migrated_to: int | None = None
    keyboard: dict[str, Any] | None = None  # the reply keyboard shown under the input field
    action: tuple[str, float] | None = None  # sendChatAction: what, and when

    @property
    def is_private(self) -> bool:
        return self.type == "private"


@dataclass(frozen=True)
class Answer:
    text: str = ""
    show_alert: bool = False
    url: str = ""


@dataclass
class Query:
    """A button press, waiting for its one answer."""

    id: str
    user_id: int
    chat_id: int
    message_id: int | None
    data: str
    created: float
    answer: Answer | None = None
