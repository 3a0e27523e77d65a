"""What each chat shows now, as plain data a page can render (and serialise as JSON)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from handlers.telegram.emulator.records import Chat, Message, StoredFile

if TYPE_CHECKING:
    from handlers.telegram.emulator.emulator import Emulator

ACTION_SHOWN_FOR = 5.0  # seconds a chat action ("typing…") shows, as in Telegram's apps


def chats(emu: Emulator) -> list[dict[str, Any]]:
    """Every chat, with its title and how many messages it holds."""
    return [_chat_head(emu, chat) for chat in emu.world.chats.values()]


def chat(emu: Emulator, chat_id: int) -> dict[str, Any]:
    record = emu.world.chats.get(chat_id)
    if record is None:
        raise KeyError(f"no chat {chat_id}")
    view = _chat_head(emu, record)
    view["messages"] = [message(emu, m) for m in record.messages.values()]
    view["keyboard"] = record.keyboard
    view["action"] = _action(emu, record)
    language = emu.world.users[chat_id].language_code[:2] if record.is_private else ""
    view["menu"] = emu.menus.shown_in(chat_id, record.is_private, language)
    return view


def _chat_head(emu: Emulator, record: Chat) -> dict[str, Any]:
    title = emu.world.user(record.id).first_name if record.is_private else record.title
    return {
        "id": record.id,
        "type": record.type,
        "title": title,
        "members": sorted(record.members),
        "blocked": record.blocked,
        "migrated_to": record.migrated_to,
        "count": len(record.messages),
    }


def message(emu: Emulator, record: Message) -> dict[str, Any]:
    world = emu.world
    sender = world.bot.first_name if record.from_bot else world.user(record.sender_id).first_name
    return {
        "id": record.message_id,
        "from_bot": record.from_bot,
        "sender_id": record.sender_id,
        "sender": sender,
        "date": record.date,
        "text": record.text,
        "caption": record.caption,
        "buttons": [
            [{k: v for k, v in b.items() if k in ("text", "callback_data", "url")} for b in row]
            for row in record.inline_keyboard
        ],
        "photo": _file(record.photo),
        "document": _file(record.document),
        "reply_to": record.reply_to,
        "edited": record.edits > 0,
        "extra": dict(record.extra),
    }


def _file(stored: StoredFile | None) -> dict[str, Any] | None:
    if stored is None:
        return None
    return {
        "file_id": stored.file_id,
        "path": stored.path,
        "name": stored.file_name,
        "mime_type": stored.mime_type,
        "width": stored.width,
        "height": stored.height,
        "size": stored.size,
    }


def _action(emu: Emulator, record: Chat) -> str | None:
    if record.action is None:
        return None
    what, since = record.action
    return what if emu.world.clock() - since < ACTION_SHOWN_FOR else None
