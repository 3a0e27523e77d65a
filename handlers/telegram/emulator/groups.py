"""Groups as their members make them: created with the bot in it, joined, upgraded to a
supergroup (the old id is refused from then on), or left by the bot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.telegram.emulator import wire
from handlers.telegram.emulator.people import group_of, record
from handlers.telegram.emulator.records import Chat

if TYPE_CHECKING:
    from handlers.telegram.emulator.emulator import Emulator


class Groups:
    def __init__(self, emulator: Emulator) -> None:
        self.emu = emulator
        self.world = emulator.world

    def create(
        self, title: str, members: tuple[int, ...] | list[int] = (), chat_id: int | None = None
    ) -> Chat:
        """A basic group with these members and the bot in it."""
        chat = self.world.group(title, chat_id)
        for member in members:
            self.world.user(member)
            chat.members.add(member)
        by = members[0] if members else None
        self._deliver({"my_chat_member": wire.bot_status(self.world, chat, by, "left", "member")})
        return chat

    def join(self, chat_id: int, user_id: int) -> None:
        chat = group_of(self.world, chat_id)
        if user_id in chat.members:
            return
        user = self.world.user(user_id)
        chat.members.add(user_id)
        joined = {"new_chat_members": [wire.user(user)]}
        self._deliver({"message": record(self.world, chat, user_id, {}, joined)})

    def migrate(self, chat_id: int, to_chat_id: int | None = None, by: int | None = None) -> int:
        """The group becomes a supergroup: a new chat; the old id is refused from now on.
        Both chats get a service message naming the other, as in Telegram."""
        old = group_of(self.world, chat_id)
        if old.type != "group" or old.migrated_to is not None:
            raise ValueError(f"chat {chat_id} is not a basic group")
        who = by if by is not None else min(old.members, default=None)
        if who is None:
            raise ValueError("a group is upgraded by one of its members")
        new = self.world.group(old.title, to_chat_id, "supergroup")
        new.members, new.bot_member = set(old.members), old.bot_member
        old.migrated_to = new.id
        moved = record(self.world, old, who, {}, {"migrate_to_chat_id": new.id})
        arrived = record(self.world, new, who, {}, {"migrate_from_chat_id": old.id})
        self._deliver({"message": moved})
        self._deliver({"message": arrived})
        return new.id

    def remove_bot(self, chat_id: int, by: int) -> None:
        chat = group_of(self.world, chat_id)
        chat.bot_member = False
        self.world.feed.record("chat", chat_id)
        status = wire.bot_status(self.world, chat, by, "member", "kicked")
        self._deliver({"my_chat_member": status})

    def _deliver(self, payload: dict[str, object]) -> int:
        return self.emu.updates.put(payload)
