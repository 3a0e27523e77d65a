"""One request in, one Bot API answer out: the part the HTTP server and the in-process
request share, so both answer exactly alike."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from handlers.telegram.emulator.errors import ApiError, method_not_found, unauthorized
from handlers.telegram.emulator.params import Upload, decode
from handlers.telegram.emulator.records import StoredFile

if TYPE_CHECKING:
    from handlers.telegram.emulator.emulator import Emulator

_METHOD = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)/?$")
_FILE = re.compile(r"/file/bot(?P<token>[^/]+)/(?P<path>.+)$")


@dataclass(frozen=True)
class Route:
    token: str
    method: str = ""  # a Bot API method
    path: str = ""  # or a file to download


def route(url_path: str) -> Route | None:
    url_path = unquote(url_path)  # downloads come as /file/bot123%3Aabc/…
    if found := _FILE.search(url_path):
        return Route(found["token"], path=found["path"])
    if found := _METHOD.search(url_path):
        return Route(found["token"], method=found["method"])
    return None


async def respond(
    emu: Emulator, token: str, method: str, params: dict[str, Any], files: dict[str, Upload]
) -> tuple[int, dict[str, Any]]:
    """The HTTP status and JSON body Telegram would answer this call with."""
    try:
        if token != emu.token:
            raise unauthorized()
        result = await emu.api.call(method, params, files)
    except ApiError as exc:
        return exc.code, exc.body()
    return 200, {"ok": True, "result": result}


def decoded(raw: Mapping[str, Any]) -> tuple[dict[str, Any] | None, ApiError | None]:
    try:
        return decode(raw), None
    except ApiError as exc:
        return None, exc


def download(emu: Emulator, token: str, path: str) -> StoredFile | None:
    """The file at `path` of /file/bot<token>/<path>, if the token and path are right."""
    if token != emu.token:
        return None
    return emu.files.by_path(path)


def not_found() -> tuple[int, dict[str, Any]]:
    error = method_not_found()
    return error.code, error.body()
