"""运行状态: the figures of `admin status` for the 科协 — is the bot running, when did it
last handle an update, what waits to be sent, did the minute tick run."""

from __future__ import annotations

from aiohttp import web

from bot.domain.workflow import NotAllowed
from bot.health import gather
from handlers.web.console.pages import show
from handlers.web.console.session import ROOT, Viewer, page, refused
from handlers.web.console.words import ZH
from handlers.web.server import SERVICES


@page
async def status(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    if not viewer.coordinated:
        return refused(request, viewer, 403, ZH.refusal(NotAllowed()))
    services = request.app[SERVICES]
    health = await gather(services.db, services.settings.database_path, services.clock.now())
    # Each line of `admin status` is a name and a figure; its verdict is the notice above.
    rows = [line.split(maxsplit=1) for line in health.lines()][:-1]
    return show(request, viewer, "status.html", health=health, rows=rows)


def add_routes(app: web.Application) -> None:
    app.router.add_get(f"{ROOT}/status", status)
