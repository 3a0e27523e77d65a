"""Records as Bot API objects (User, Chat, Message, PhotoSize, Document, File)."""

from __future__ import annotations

from typing import Any

from handlers.telegram.emulator.records import BotIdentity, Chat, Message, StoredFile, User
from handlers.telegram.emulator.world import World


def bot_user(bot: BotIdentity) -> dict[str, Any]:
    return {
        "id": bot.id,
        "is_bot": True,
        "first_name": bot.first_name,
        "username": bot.username,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


def user(person: User) -> dict[str, Any]:
    out: dict[str, Any] = {"id": person.id, "is_bot": False, "first_name": person.first_name}
    if person.last_name:
        out["last_name"] = person.last_name
    if person.username:
        out["username"] = person.username
    if person.language_code:
        out["language_code"] = person.language_code
    return out


def chat(world: World, record: Chat) -> dict[str, Any]:
    if record.is_private:
        person = world.user(record.id)
        out: dict[str, Any] = {"id": record.id, "type": "private"}
        out["first_name"] = person.first_name
        if person.username:
            out["username"] = person.username
        return out
    return {"id": record.id, "type": record.type, "title": record.title}


def photo_sizes(stored: StoredFile) -> list[dict[str, Any]]:
    """Telegram offers several sizes of a photo; the emulator keeps the one it was given."""
    return [
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "width": stored.width,
            "height": stored.height,
            "file_size": stored.size,
        }
    ]


def document(stored: StoredFile) -> dict[str, Any]:
    out = {"file_id": stored.file_id, "file_unique_id": stored.unique_id}
    out |= {"file_name": stored.file_name, "mime_type": stored.mime_type}
    return out | {"file_size": stored.size}


def file(stored: StoredFile) -> dict[str, Any]:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.unique_id,
        "file_size": stored.size,
        "file_path": stored.path,
    }


def message(world: World, record: Message, with_reply: bool = True) -> dict[str, Any]:
    owner = world.chats[record.chat_id]
    sender = bot_user(world.bot) if record.from_bot else user(world.user(record.sender_id))
    out: dict[str, Any] = {
        "message_id": record.message_id,
        "from": sender,
        "chat": chat(world, owner),
        "date": record.date,
    }
    if record.edit_date is not None:
        out["edit_date"] = record.edit_date
    if record.text:
        out["text"] = record.text
        if record.entities:
            out["entities"] = record.entities
    if record.photo is not None:
        out["photo"] = photo_sizes(record.photo)
    if record.document is not None:
        out["document"] = document(record.document)
    if record.caption:
        out["caption"] = record.caption
    if record.inline_keyboard:
        out["reply_markup"] = {"inline_keyboard": record.inline_keyboard}
    replied = owner.messages.get(record.reply_to) if record.reply_to else None
    if replied is not None and with_reply:
        out["reply_to_message"] = message(world, replied, with_reply=False)
    return out | record.extra


def bot_status(world: World, record: Chat, by: int | None, old: str, new: str) -> dict[str, Any]:
    """A my_chat_member update's body: the bot's standing in a chat changed."""
    bot = bot_user(world.bot)
    member: dict[str, Any] = {"user": bot, "status": new}
    if new == "kicked":
        member["until_date"] = 0
    return {
        "chat": chat(world, record),
        "from": user(world.user(by)) if by is not None else bot,
        "date": world.now(),
        "old_chat_member": {"user": bot, "status": old},
        "new_chat_member": member,
    }


def inaccessible(world: World, chat_id: int, message_id: int) -> dict[str, Any]:
    """A message the chat no longer has, as a press on it reports it (date 0)."""
    return {"chat": chat(world, world.chats[chat_id]), "message_id": message_id, "date": 0}
