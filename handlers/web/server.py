"""One aiohttp application for the web channel; the console and the sandbox add their routes.

The runtime serves it on WEB_LISTEN:WEB_PORT, or, in webhook mode, on the webhook's own
listener beside the webhook path.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web

from bot.services import Services

HERE = Path(__file__).parent
SERVICES = web.AppKey("services", Services)
TEMPLATES = web.AppKey("templates", jinja2.Environment)
WAKE = web.AppKey("wake", Callable[[], None])  # the outbox sender: what a page queued goes now
# The bot's username on Telegram, known once it is running: for t.me links (invites).
BOT_USERNAME = web.AppKey("bot_username", str)
# The minute tick, run at once: the sandbox's time travel shows what falls due.
TICK = web.AppKey("tick", Callable[[], Awaitable[None]])

# Each part of the web channel registers itself: (name, function adding its routes).
Part = Callable[[web.Application], None]


def templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


async def _no_tick() -> None:
    return None


def build_web_app(
    services: Services,
    parts: list[Part],
    wake: Callable[[], None] | None = None,
    bot_username: str = "",
    tick: Callable[[], Awaitable[None]] | None = None,
) -> web.Application:
    """The application with `parts` (console, sandbox) added, and static files."""
    app = web.Application(client_max_size=8 << 20)
    app[SERVICES] = services
    app[TEMPLATES] = templates()
    app[WAKE] = wake or (lambda: None)
    app[BOT_USERNAME] = bot_username
    app[TICK] = tick or _no_tick
    for add in parts:
        add(app)
    app.router.add_static("/static/", HERE / "static", name="static")
    return app


def render(request: web.Request, name: str, status: int = 200, **context: Any) -> web.Response:
    page = request.app[TEMPLATES].get_template(name).render(request=request, **context)
    return web.Response(text=page, content_type="text/html", status=status)


async def serve(app: web.Application, listen: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, listen, port).start()
    return runner
