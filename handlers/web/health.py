"""GET /healthz on the web listener: the figures of `admin status` as JSON (503 when wrong)."""

from __future__ import annotations

from aiohttp import web

from bot.health import gather
from handlers.web.server import SERVICES


async def healthz(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    figures = await gather(services.db, services.settings.database_path, services.clock.now())
    return web.json_response(figures.as_dict(), status=200 if figures.ok else 503)


def add_routes(app: web.Application) -> None:
    app.router.add_get("/healthz", healthz)
