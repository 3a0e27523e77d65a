"""Which chats the bot may write to, and Telegram's answer when it may not.

A private chat exists once its user has started the bot; a user who blocked the bot
answers 403; a group that became a supergroup answers 400 with the new id. With
`open_chats` (the in-process harness), any chat the bot names exists: a positive id is
a user who has started the bot, a negative one a group the bot is in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from handlers.telegram.emulator.errors import (
    bad_request,
    blocked_by_user,
    cannot_initiate,
    chat_not_found,
    kicked_from_group,
    upgraded_to_supergroup,
)
from handlers.telegram.emulator.records import Chat

if TYPE_CHECKING:
    from handlers.telegram.emulator.emulator import Emulator


def known_chat(emu: Emulator, chat_id: Any) -> Chat:
    """The chat the bot names, whether or not it may write there now."""
    if chat_id is None or chat_id == "":
        raise bad_request("chat_id is empty")
    if isinstance(chat_id, bool) or not isinstance(chat_id, int):
        raise chat_not_found()  # @channel names: the emulator has no channels
    chat = emu.world.chats.get(chat_id)
    if chat is None and emu.open_chats:
        chat = _open(emu, chat_id)
    if chat is None:
        raise cannot_initiate() if chat_id in emu.world.users else chat_not_found()
    return chat


def writable(emu: Emulator, chat_id: Any) -> Chat:
    """The chat, if the bot may send to it or edit in it now."""
    chat = known_chat(emu, chat_id)
    if chat.migrated_to is not None:
        raise upgraded_to_supergroup(chat.migrated_to)
    if chat.is_private:
        if chat.blocked:
            raise blocked_by_user()
        if not chat.started:
            raise cannot_initiate()
    elif not chat.bot_member:
        raise kicked_from_group()
    return chat


def _open(emu: Emulator, chat_id: int) -> Chat:
    if chat_id > 0:
        chat = emu.world.private_chat(chat_id)
        chat.started = True
        return chat
    kind = "supergroup" if str(chat_id).startswith("-100") else "group"
    return emu.world.group(f"群组 {chat_id}", chat_id, kind)
