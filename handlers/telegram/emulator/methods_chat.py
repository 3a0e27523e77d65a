"""The methods that write into chats: send, edit, answer a press, show an action."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from handlers.telegram.emulator import markup as markups
from handlers.telegram.emulator import wire
from handlers.telegram.emulator.access import writable
from handlers.telegram.emulator.errors import bad_request, not_modified, query_invalid
from handlers.telegram.emulator.limits import MAX_ANSWER, check_text, length
from handlers.telegram.emulator.params import integer, text_of
from handlers.telegram.emulator.records import Answer, Chat, Message

if TYPE_CHECKING:
    from handlers.telegram.emulator.emulator import Emulator

Params = dict[str, Any]

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def send_message(emu: Emulator, params: Params, _: Any) -> dict[str, Any]:
    chat = writable(emu, params.get("chat_id"))
    text = text_of(params, "text")
    check_text(text)
    markup = markups.read(params.get("reply_markup"))
    reply_to = replied(chat, params)
    emu.flood.admit(chat.id, chat.is_private, send=True)
    message = emu.world.add_message(
        chat,
        emu.world.bot.id,
        text=text,
        entities=list(params.get("entities") or []),
        parse_mode=params.get("parse_mode"),
        inline_keyboard=markup.inline or [],
        reply_to=reply_to,
    )
    show_keyboard(emu, chat, markup)
    return wire.message(emu.world, message)


def replied(chat: Chat, params: Params) -> int | None:
    """The message this one answers, which must be in the chat unless told otherwise."""
    reply = params.get("reply_parameters")
    if isinstance(reply, dict):
        message_id, lenient = reply.get("message_id"), reply.get("allow_sending_without_reply")
    else:
        message_id = params.get("reply_to_message_id")
        lenient = params.get("allow_sending_without_reply")
    if message_id is None:
        return None
    if message_id in chat.messages:
        return int(message_id)
    if lenient:
        return None
    raise bad_request("message to be replied not found")


def show_keyboard(emu: Emulator, chat: Chat, markup: markups.Markup) -> None:
    if markup.keyboard is None:
        return
    chat.keyboard = markup.keyboard or None  # {} removes it
    emu.world.feed.record("keyboard", chat.id)


def _editable(emu: Emulator, params: Params) -> tuple[Chat, Message]:
    if params.get("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")  # the emulator issues no inline messages
    chat = writable(emu, params.get("chat_id"))
    message_id = integer(params, "message_id", empty="message identifier is not specified")
    message = chat.messages.get(message_id)
    if message is None:
        raise bad_request("message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return chat, message


def edit_message_text(emu: Emulator, params: Params, _: Any) -> dict[str, Any]:
    chat, message = _editable(emu, params)
    if not message.text:
        raise bad_request("there is no text in the message to edit")
    text = text_of(params, "text")
    check_text(text)
    # Without reply_markup an edit removes the inline keyboard, as in Telegram.
    keyboard = markups.read(params.get("reply_markup"), inline_only=True).inline or []
    entities = list(params.get("entities") or [])
    parse_mode = params.get("parse_mode")
    now = (text, entities, parse_mode, keyboard)
    if now == (message.text, message.entities, message.parse_mode, message.inline_keyboard):
        raise not_modified()
    emu.flood.admit(chat.id, chat.is_private, send=False)
    message.text, message.entities, message.parse_mode = text, entities, parse_mode
    return _edited(emu, message, keyboard)


def edit_message_reply_markup(emu: Emulator, params: Params, _: Any) -> dict[str, Any]:
    chat, message = _editable(emu, params)
    keyboard = markups.read(params.get("reply_markup"), inline_only=True).inline or []
    if keyboard == message.inline_keyboard:
        raise not_modified()
    emu.flood.admit(chat.id, chat.is_private, send=False)
    return _edited(emu, message, keyboard)


def _edited(emu: Emulator, message: Message, keyboard: list[list[dict[str, Any]]]) -> Any:
    message.inline_keyboard = keyboard
    message.edits += 1
    message.edit_date = emu.world.now()
    emu.world.feed.record("edit", message.chat_id, message.message_id)
    return wire.message(emu.world, message)


def answer_callback_query(emu: Emulator, params: Params, _: Any) -> bool:
    query = emu.world.queries.get(text_of(params, "callback_query_id"))
    if query is None or query.answer is not None:
        raise query_invalid()
    timeout = emu.query_timeout
    if timeout is not None and emu.world.clock() - query.created > timeout:
        raise query_invalid()
    text = text_of(params, "text")
    if length(text) > MAX_ANSWER:
        raise bad_request("MESSAGE_TOO_LONG")
    query.answer = Answer(text, bool(params.get("show_alert")), text_of(params, "url"))
    emu.world.feed.record("answer", query.chat_id, query.message_id, query.id)
    return True


def send_chat_action(emu: Emulator, params: Params, _: Any) -> bool:
    chat = writable(emu, params.get("chat_id"))
    action = text_of(params, "action")
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    chat.action = (action, emu.world.clock())
    emu.world.feed.record("action", chat.id)
    return True
