"""The staff console: orders, an order's timeline and actions, the directory, invites and
the bot's health, in the browser, for the same people and under the same rules as the chat.

Every page asks the services as the signed-in person (handlers.web.console.session);
the pages are server-rendered (templates/console), with one stylesheet and no script.
"""

from __future__ import annotations

from aiohttp import web

from handlers.web.console import (
    acting,
    directory,
    home,
    invites,
    login,
    order,
    orders,
    reports,
    status,
)
from handlers.web.console.pages import see_other
from handlers.web.console.session import ROOT
from handlers.web.console.words import ZH
from handlers.web.server import TEMPLATES

# Pages show people's orders and phone numbers: never cached, never framed, no referrer
# (a login link's token must not travel on), scripts and styles only from here.
HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


async def _headers(request: web.Request, response: web.StreamResponse) -> None:
    if request.path == ROOT or request.path.startswith(f"{ROOT}/"):
        response.headers.update(HEADERS)


async def _to_console(request: web.Request) -> web.StreamResponse:
    return see_other(f"{ROOT}/")


def add_routes(app: web.Application) -> None:
    app[TEMPLATES].globals["zh"] = ZH
    parts = (login, home, orders, order, acting, directory, invites, reports, status)
    for part in parts:
        part.add_routes(app)
    app.on_response_prepare.append(_headers)
    # The address people are given opens the console, unless a part added before this
    # one (the sandbox) serves it.
    if not any(resource.canonical == "/" for resource in app.router.resources()):
        app.router.add_get("/", _to_console)
