"""python-telegram-bot persistence in our SQLite database.

Only UI state is kept here: conversation steps and user_data (the draft of an
order being filled, a pending choice, the language). Orders themselves live in
their own tables.

python-telegram-bot hands us what changed after each update; we only stage it.
The inbox writes the staged rows in the same transaction that marks the update
done, so "this update was handled" and "this is the step the user is at" are
committed together or not at all; a write that fails stays staged for the next
commit instead of being lost. `flush` (at shutdown) commits what is left.
"""

from __future__ import annotations

import json
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput

from bot.services.inbox import InboxService

_USER = "user"
_CONVERSATION = "conv"

# (kind, key) -> the JSON to write, or None to delete the row.
Staged = dict[tuple[str, str], str | None]


class SqlitePersistence(BasePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    def __init__(self, inbox: InboxService) -> None:
        # bot_data holds the services themselves: never persisted.
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=True, callback_data=False
            ),
            update_interval=60,
        )
        self.inbox = inbox
        self._staged: Staged = {}

    # --- staging and writing ------------------------------------------------------

    def _stage(self, kind: str, key: str, value: Any) -> None:
        text = None if value is None else json.dumps(value, ensure_ascii=False)
        self._staged[(kind, key)] = text

    def staged(self) -> Staged:
        """What waits to be written, to be passed to the inbox's commit, then to `saved`."""
        return dict(self._staged)

    def saved(self, snapshot: Staged) -> None:
        """The commit went through: forget what it wrote, unless it changed since."""
        for item, value in snapshot.items():
            if self._staged.get(item, object()) == value:
                del self._staged[item]

    async def flush(self) -> None:
        if not self._staged:
            return
        snapshot = self.staged()
        await self.inbox.save_ui(snapshot)
        self.saved(snapshot)

    async def _all(self, kind: str) -> list[tuple[str, Any]]:
        return await self.inbox.ui_rows(kind)

    # --- what python-telegram-bot calls ---------------------------------------------

    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        return {int(key): value for key, value in await self._all(_USER)}

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        self._stage(_USER, str(user_id), data)

    async def drop_user_data(self, user_id: int) -> None:
        self._stage(_USER, str(user_id), None)

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        return None  # this process is the only writer; memory is current

    async def get_conversations(self, name: str) -> dict[tuple[int | str, ...], object]:
        prefix = f"{name}:"
        return {
            tuple(json.loads(key[len(prefix) :])): value
            for key, value in await self._all(_CONVERSATION)
            if key.startswith(prefix)
        }

    async def update_conversation(
        self, name: str, key: tuple[int | str, ...], new_state: object | None
    ) -> None:
        self._stage(_CONVERSATION, f"{name}:{json.dumps(list(key))}", new_state)

    # Chat data, bot data and callback data are not stored.
    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        return None

    async def get_bot_data(self) -> dict[Any, Any]:
        return {}

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        return None

    async def get_callback_data(self) -> None:
        return None

    async def update_callback_data(self, data: Any) -> None:
        return None
