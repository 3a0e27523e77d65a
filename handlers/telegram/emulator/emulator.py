"""Telegram's side of one bot: the Bot API it calls and the people who use it.

One object holds it all; the aiohttp server and the in-process request are two ways
of reaching `api`; `people` and `groups` are what a test or the sandbox page does as
users.
"""

from __future__ import annotations

import time
from typing import Any

from handlers.telegram.emulator import screen
from handlers.telegram.emulator.api import BotApi
from handlers.telegram.emulator.changes import Change
from handlers.telegram.emulator.commands import CommandMenus
from handlers.telegram.emulator.faults import Faults
from handlers.telegram.emulator.files import FileStore
from handlers.telegram.emulator.groups import Groups
from handlers.telegram.emulator.limits import FloodControl, RateLimits
from handlers.telegram.emulator.people import People
from handlers.telegram.emulator.records import Answer, BotIdentity, Chat, Message
from handlers.telegram.emulator.updates import UpdateQueue
from handlers.telegram.emulator.world import Clock, World

DEFAULT_QUERY_TIMEOUT = 15.0  # seconds within which a press can be answered


class Emulator:
    def __init__(
        self,
        token: str,
        *,
        bot: BotIdentity | None = None,
        clock: Clock = time.time,
        limits: RateLimits | None = RateLimits(),  # noqa: B008 (immutable)
        open_chats: bool = False,
        privacy_mode: bool = True,
        query_timeout: float | None = DEFAULT_QUERY_TIMEOUT,
    ) -> None:
        self.token = token
        self.world = World(bot or BotIdentity.from_token(token), clock)
        self.files = FileStore()
        self.updates = UpdateQueue()
        self.menus = CommandMenus()
        self.faults = Faults()
        self.flood = FloodControl(limits, clock)
        self.open_chats = open_chats  # any chat the bot names exists (in-process tests)
        self.privacy_mode = privacy_mode  # in groups the bot sees commands and replies only
        self.query_timeout = query_timeout  # None: a press can be answered however late
        self.api = BotApi(self)
        self.people = People(self)
        self.groups = Groups(self)

    @property
    def limits(self) -> RateLimits | None:
        return self.flood.limits

    @limits.setter
    def limits(self, value: RateLimits | None) -> None:
        self.flood.limits = value

    # --- what chats show --------------------------------------------------------------

    def chat(self, chat_id: int) -> Chat | None:
        return self.world.chats.get(chat_id)

    def messages(self, chat_id: int, from_bot: bool | None = True) -> list[Message]:
        """The chat's messages as they show now, oldest first (by default the bot's)."""
        chat = self.world.chats.get(chat_id)
        found = list(chat.messages.values()) if chat else []
        return [m for m in found if from_bot is None or m.from_bot == from_bot]

    def last(self, chat_id: int, containing: str = "") -> Message | None:
        """The bot's latest message in the chat whose text or caption contains the words."""
        return next((m for m in reversed(self.messages(chat_id)) if containing in m.body), None)

    def answer(self, query_id: str) -> Answer | None:
        """How a press was answered (None: not yet)."""
        query = self.world.queries.get(query_id)
        return query.answer if query else None

    def menu(self, chat_id: int) -> list[dict[str, str]]:
        chat = self.world.chats.get(chat_id)
        private = chat.is_private if chat else chat_id > 0
        user = self.world.users.get(chat_id) if private else None
        return self.menus.shown_in(chat_id, private, user.language_code[:2] if user else "")

    def view(self, chat_id: int) -> dict[str, Any]:
        """The chat as a page shows it: JSON-ready."""
        return screen.chat(self, chat_id)

    def overview(self) -> list[dict[str, Any]]:
        return screen.chats(self)

    # --- following changes ------------------------------------------------------------

    @property
    def version(self) -> int:
        return self.world.feed.version

    def changes_since(self, version: int) -> list[Change]:
        return self.world.feed.since(version)

    async def wait_for_change(self, after: int, timeout: float | None = None) -> int:
        return await self.world.feed.wait(after, timeout)

    def close(self) -> None:
        """End the long polls in flight (the server is stopping)."""
        self.updates.close()
