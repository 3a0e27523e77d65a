"""python-telegram-bot's network edge, handing each request straight to the emulator.

A `Bot` (or an Application) built with this request talks to the emulator exactly as
over HTTP: the same parameters as the form python-telegram-bot would post, the same
status codes and JSON, so the same exceptions; only the sockets are left out.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from telegram.request import BaseRequest, RequestData

from handlers.telegram.emulator import protocol
from handlers.telegram.emulator.emulator import Emulator
from handlers.telegram.emulator.params import Upload


class InProcessRequest(BaseRequest):
    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def read_timeout(self) -> float | None:
        return None

    async def respond(
        self, token: str, method: str, params: dict[str, Any], files: dict[str, Upload]
    ) -> tuple[int, dict[str, Any]]:
        """The status and body for one decoded call (a subclass may watch them)."""
        return await protocol.respond(self.emulator, token, method, params, files)

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **_: Any
    ) -> tuple[int, bytes]:
        where = protocol.route(urlsplit(url).path)
        if where is None:
            return _json(*protocol.not_found())
        if where.path:
            stored = protocol.download(self.emulator, where.token, where.path)
            if stored is None:
                return _json(*protocol.not_found())
            return 200, stored.content
        raw = request_data.json_parameters if request_data else {}
        params, error = protocol.decoded(raw)
        if error is not None or params is None:
            return _json(error.code, error.body()) if error else _json(*protocol.not_found())
        answer = await self.respond(where.token, where.method, params, _uploads(request_data))
        return _json(*answer)


def _uploads(request_data: RequestData | None) -> dict[str, Upload]:
    if request_data is None or not request_data.contains_files:
        return {}
    uploads = {}
    for name, field in request_data.multipart_data.items():
        filename, content, mime_type = field[0], field[1], field[2] if len(field) > 2 else None
        data = content.read() if hasattr(content, "read") else content
        uploads[name] = Upload(filename or name, bytes(data), mime_type or "")
    return uploads


def _json(status: int, body: dict[str, Any]) -> tuple[int, bytes]:
    return status, json.dumps(body, ensure_ascii=False).encode()
