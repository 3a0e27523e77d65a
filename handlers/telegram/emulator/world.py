"""The state both sides share: people, chats and their messages, presses, and the feed."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

from handlers.telegram.emulator.changes import ChangeFeed
from handlers.telegram.emulator.records import BotIdentity, Chat, Message, Query, User

Clock = Callable[[], float]  # seconds since the epoch


class World:
    def __init__(self, bot: BotIdentity, clock: Clock = time.time) -> None:
        self.bot = bot
        self.clock = clock
        self.users: dict[int, User] = {}
        self.chats: dict[int, Chat] = {}
        self.queries: dict[str, Query] = {}
        self.feed = ChangeFeed()
        self._query_ids = itertools.count(1)
        self._group_ids = itertools.count(1)

    def now(self) -> int:
        return int(self.clock())

    # --- people and chats -----------------------------------------------------------

    def user(self, user_id: int, **names: Any) -> User:
        """The user, created on first mention; names given are updated."""
        user = self.users.get(user_id)
        if user is None:
            user = self.users[user_id] = User(user_id)
        for key, value in names.items():
            if value is not None:
                setattr(user, key, value)
        return user

    def private_chat(self, user_id: int) -> Chat:
        chat = self.chats.get(user_id)
        if chat is None:
            self.user(user_id)
            chat = self.chats[user_id] = Chat(user_id, "private", members={user_id})
            self.feed.record("chat", user_id)
        return chat

    def group(self, title: str, chat_id: int | None = None, kind: str = "group") -> Chat:
        if chat_id is None:
            chat_id = self._free_group_id(kind)
        if chat_id >= 0:
            raise ValueError(f"group ids are negative: {chat_id}")
        if chat_id in self.chats:
            raise ValueError(f"chat {chat_id} exists already")
        chat = self.chats[chat_id] = Chat(chat_id, kind, title=title)
        self.feed.record("chat", chat_id)
        return chat

    def _free_group_id(self, kind: str) -> int:
        base = -1_001_000_000_000 if kind == "supergroup" else -5_000_000_000
        while True:
            candidate = base - next(self._group_ids)
            if candidate not in self.chats:
                return candidate

    # --- messages -------------------------------------------------------------------

    def add_message(self, chat: Chat, sender_id: int, **fields: Any) -> Message:
        """A new message in `chat`, numbered in that chat's own sequence."""
        message = Message(
            chat_id=chat.id,
            message_id=chat.next_message_id,
            sender_id=sender_id,
            from_bot=sender_id == self.bot.id,
            date=self.now(),
            **fields,
        )
        chat.next_message_id += 1
        chat.messages[message.message_id] = message
        self.feed.record("message", chat.id, message.message_id)
        return message

    def message(self, chat_id: int, message_id: int) -> Message | None:
        chat = self.chats.get(chat_id)
        return chat.messages.get(message_id) if chat else None

    def new_query(self, user_id: int, chat_id: int, message_id: int | None, data: str) -> Query:
        # Telegram's query ids are long numbers as strings; these are unique per emulator.
        query_id = str(4_000_000_000_000 + next(self._query_ids))
        query = Query(query_id, user_id, chat_id, message_id, data, self.clock())
        self.queries[query_id] = query
        return query
