"""The emulator over HTTP: `{base}/bot{token}/{method}` and `{base}/file/bot{token}/{path}`.

Parameters are read as Telegram reads them: from the query string, and from a JSON,
urlencoded or multipart body, by GET or POST. While the server runs, a pusher posts
updates to the webhook whenever one is set.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from handlers.telegram.emulator import protocol
from handlers.telegram.emulator.emulator import Emulator
from handlers.telegram.emulator.files import MAX_DOCUMENT
from handlers.telegram.emulator.params import Upload
from handlers.telegram.emulator.webhook import WebhookPusher


class EmulatorServer:
    def __init__(self, emulator: Emulator, host: str = "127.0.0.1", port: int = 0) -> None:
        self.emulator = emulator
        self.host, self.port = host, port
        self.pusher = WebhookPusher(emulator)
        self._runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        """What the bot takes as TELEGRAM_BASE_URL."""
        return f"http://{self.host}:{self.port}"

    def app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_DOCUMENT + (1 << 20))
        app.router.add_route("*", "/file/bot{token}/{path:.+}", self._download)
        app.router.add_route("*", "/bot{token}/{method}", self._call)
        return app

    async def start(self) -> str:
        """Listen (on a free port when none was given); returns the base URL."""
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self.emulator.updates.open()  # long polls wait again, after an earlier stop
        self.pusher.start()
        return self.base_url

    async def stop(self) -> None:
        self.emulator.close()  # long polls in flight end now, so the server can stop
        await self.pusher.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _call(self, request: web.Request) -> web.Response:
        raw, files = await _read(request)
        params, error = protocol.decoded(raw)
        if error is not None or params is None:
            status, body = (error.code, error.body()) if error else protocol.not_found()
            return web.json_response(body, status=status)
        token, method = request.match_info["token"], request.match_info["method"]
        status, body = await protocol.respond(self.emulator, token, method, params, files)
        return web.json_response(body, status=status)

    async def _download(self, request: web.Request) -> web.Response:
        token, path = request.match_info["token"], request.match_info["path"]
        stored = protocol.download(self.emulator, token, path)
        if stored is None:
            status, body = protocol.not_found()
            return web.json_response(body, status=status)
        return web.Response(body=stored.content, content_type=stored.mime_type or None)


async def _read(request: web.Request) -> tuple[dict[str, Any], dict[str, Upload]]:
    """Parameters from the query and the body; files from a multipart body."""
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, Upload] = {}
    if not request.can_read_body:
        return raw, files
    if request.content_type == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            raw.update(body)
        return raw, files
    form = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            content = value.file.read()
            files[key] = Upload(value.filename, content, value.content_type)
        elif isinstance(value, bytes | bytearray):
            files[key] = Upload(key, bytes(value))
        else:
            raw[key] = value
    return raw, files
