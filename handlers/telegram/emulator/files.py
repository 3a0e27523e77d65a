"""Files kept by the emulator: each upload gets a file_id (reusable in later sends), a
unique id, and a path under which getFile lets it be downloaded."""

from __future__ import annotations

import hashlib
import itertools
import mimetypes
import struct

from handlers.telegram.emulator.errors import bad_request, too_large
from handlers.telegram.emulator.records import StoredFile

MAX_PHOTO = 10 * 1024 * 1024  # Telegram's limits for bots: photos 10 MB, other files 50 MB
MAX_DOCUMENT = 50 * 1024 * 1024
MAX_DOWNLOAD = 20 * 1024 * 1024  # getFile serves files up to 20 MB


class FileStore:
    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self._numbers = itertools.count(1)

    def add_photo(self, content: bytes) -> StoredFile:
        if len(content) > MAX_PHOTO:
            raise too_large()
        size = image_size(content)
        if size is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        stored = self._add("photo", content, "", "image/jpeg", ".jpg")
        stored.width, stored.height = size
        return stored

    def add_document(self, content: bytes, file_name: str, mime_type: str = "") -> StoredFile:
        if len(content) > MAX_DOCUMENT:
            raise too_large()
        mime = mime_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        suffix = "." + file_name.rsplit(".", 1)[1] if "." in file_name else ""
        return self._add("document", content, file_name, mime, suffix)

    def _add(self, kind: str, content: bytes, name: str, mime: str, suffix: str) -> StoredFile:
        number = next(self._numbers)
        digest = hashlib.sha256(content + str(number).encode()).hexdigest()
        prefix = "AgAC" if kind == "photo" else "BQAC"
        path = f"{kind}s/file_{number}{suffix}"
        stored = StoredFile(
            file_id=f"{prefix}{digest[:40]}",
            unique_id=f"AQAD{digest[40:52]}",
            kind=kind,
            content=content,
            path=path,
            file_name=name,
            mime_type=mime,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[path] = stored
        return stored

    def get(self, file_id: str) -> StoredFile | None:
        return self._by_id.get(file_id)

    def by_path(self, path: str) -> StoredFile | None:
        return self._by_path.get(path)

    def for_download(self, file_id: str) -> StoredFile:
        stored = self._by_id.get(file_id)
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.size > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        return stored


def image_size(content: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, GIF or JPEG; None for anything else."""
    if content.startswith(b"\x89PNG\r\n\x1a\n") and len(content) >= 24:
        width, height = struct.unpack(">II", content[16:24])
        return int(width), int(height)
    if content[:6] in (b"GIF87a", b"GIF89a") and len(content) >= 10:
        width, height = struct.unpack("<HH", content[6:10])
        return int(width), int(height)
    if content.startswith(b"\xff\xd8"):
        return _jpeg_size(content)
    return None


def _jpeg_size(content: bytes) -> tuple[int, int] | None:
    """Walk the JPEG segments to the frame header, which holds the size."""
    at = 2
    while at + 9 < len(content):
        if content[at] != 0xFF:
            return None
        marker = content[at + 1]
        (segment,) = struct.unpack(">H", content[at + 2 : at + 4])
        frame = 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC)
        if frame:
            height, width = struct.unpack(">HH", content[at + 5 : at + 9])
            return int(width), int(height)
        at += 2 + segment
    return None
