"""sendPhoto, sendDocument and getFile: uploads are kept, file_ids can be sent again."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from handlers.telegram.emulator import markup as markups
from handlers.telegram.emulator import wire
from handlers.telegram.emulator.access import writable
from handlers.telegram.emulator.errors import bad_request
from handlers.telegram.emulator.limits import check_caption
from handlers.telegram.emulator.methods_chat import replied, show_keyboard
from handlers.telegram.emulator.params import Upload, text_of
from handlers.telegram.emulator.records import StoredFile

if TYPE_CHECKING:
    from handlers.telegram.emulator.emulator import Emulator

Params = dict[str, Any]
Files = dict[str, Upload]


def send_photo(emu: Emulator, params: Params, files: Files) -> dict[str, Any]:
    return _send_file(emu, params, files, "photo")


def send_document(emu: Emulator, params: Params, files: Files) -> dict[str, Any]:
    return _send_file(emu, params, files, "document")


def _send_file(emu: Emulator, params: Params, files: Files, kind: str) -> dict[str, Any]:
    chat = writable(emu, params.get("chat_id"))
    caption = text_of(params, "caption")
    check_caption(caption)
    markup = markups.read(params.get("reply_markup"))
    reply_to = replied(chat, params)
    stored = _file(emu, params, files, kind)
    emu.flood.admit(chat.id, chat.is_private, send=True)
    message = emu.world.add_message(
        chat,
        emu.world.bot.id,
        caption=caption,
        entities=list(params.get("caption_entities") or []),
        parse_mode=params.get("parse_mode"),
        inline_keyboard=markup.inline or [],
        reply_to=reply_to,
        **{kind: stored},
    )
    show_keyboard(emu, chat, markup)
    return wire.message(emu.world, message)


def _file(emu: Emulator, params: Params, files: Files, kind: str) -> StoredFile:
    """An upload (a part named like the field, or attach://name), or a file_id."""
    value = params.get(kind)
    upload = files.get(kind)
    if upload is None and isinstance(value, str) and value.startswith("attach://"):
        upload = files.get(value.removeprefix("attach://"))
    if upload is not None:
        if kind == "photo":
            return emu.files.add_photo(upload.content)
        return emu.files.add_document(upload.content, upload.filename, upload.mime_type)
    if not isinstance(value, str) or not value:
        raise bad_request(f"there is no {kind} in the request")
    if value.startswith(("http://", "https://")):
        raise bad_request("failed to get HTTP URL content")  # the emulator fetches nothing
    stored = emu.files.get(value)
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if stored.kind != kind:
        raise bad_request("type of file mismatch")
    return stored


def get_file(emu: Emulator, params: Params, _: Any) -> dict[str, Any]:
    return wire.file(emu.files.for_download(text_of(params, "file_id")))
