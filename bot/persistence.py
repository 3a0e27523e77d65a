"""python-telegram-bot persistence in our SQLite database.

Only UI state is kept here: conversation steps and user_data (the draft of an
order being filled, a pending choice, the language). Orders themselves live in
their own tables. The inbox poller saves this after every update, before the
update is marked processed, so a restart resumes at the same step.
"""

from __future__ import annotations

import json
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput

from storage.db import Database

_USER = "user"
_CONVERSATION = "conv"


class SqlitePersistence(BasePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    def __init__(self, db: Database) -> None:
        # bot_data holds the services themselves: never persisted.
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=True, callback_data=False
            ),
            update_interval=60,
        )
        self.db = db

    async def _put(self, kind: str, key: str, value: Any) -> None:
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO ui_state (kind, key, value) VALUES (?, ?, ?) "
                "ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value",
                (kind, key, json.dumps(value, ensure_ascii=False)),
            )

    async def _drop(self, kind: str, key: str) -> None:
        async with self.db.transaction() as tx:
            await tx.execute("DELETE FROM ui_state WHERE kind = ? AND key = ?", (kind, key))

    async def _all(self, kind: str) -> list[tuple[str, Any]]:
        async with self.db.read() as tx:
            rows = await tx.fetchall("SELECT key, value FROM ui_state WHERE kind = ?", (kind,))
        return [(r["key"], json.loads(r["value"])) for r in rows]

    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        return {int(key): value for key, value in await self._all(_USER)}

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        await self._put(_USER, str(user_id), data)

    async def drop_user_data(self, user_id: int) -> None:
        await self._drop(_USER, str(user_id))

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
        row = f"{name}:{json.dumps(list(key))}"
        if new_state is None:
            await self._drop(_CONVERSATION, row)
        else:
            await self._put(_CONVERSATION, row, new_state)

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

    async def flush(self) -> None:
        return None
