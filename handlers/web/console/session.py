"""Who is signed in, and the checks every console page and form passes first.

The session lives in an HttpOnly, SameSite=Strict cookie scoped to /console (Secure
when the console is reached over https). Every page loads the signed-in person
afresh, so a role revoked in chat counts at the next click; every form carries the
session's CSRF token and is refused without it, before anything else is read.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.domain.workflow import Role
from bot.services.people import Profile
from bot.services.web_access import SESSION_TTL, WebSession
from handlers.web.server import SERVICES, render
from texts import t

COOKIE = "kepu_console"
ROOT = "/console"


@dataclass(frozen=True)
class Viewer:
    session: WebSession
    profile: Profile

    @property
    def person_id(self) -> int:
        return self.profile.person_id

    @property
    def csrf(self) -> str:
        return self.session.csrf

    def holds(self, role: Role) -> bool:
        return bool(self.profile.actor.scopes(role))

    def coordinates(self, jurisdiction: str) -> bool:
        return self.profile.actor.has(Role.coordinator, jurisdiction)

    @property
    def coordinated(self) -> list[str]:
        """The jurisdictions this person is the 科协 of."""
        return [j for j in self.profile.jurisdictions if self.coordinates(j)]


Handler = Callable[[web.Request, Viewer], Awaitable[web.StreamResponse]]


def secure(request: web.Request) -> bool:
    """https here, or behind a proxy that people reach over https (WEB_BASE_URL)."""
    base = request.app[SERVICES].settings.web_base_url
    return request.secure or base.lower().startswith("https://")


def set_cookie(request: web.Request, response: web.StreamResponse, session: WebSession) -> None:
    response.set_cookie(
        COOKIE,
        session.id,
        max_age=int(SESSION_TTL.total_seconds()),
        path=ROOT,
        httponly=True,
        samesite="Strict",
        secure=secure(request),
    )


def drop_cookie(response: web.StreamResponse) -> None:
    response.del_cookie(COOKIE, path=ROOT)


async def viewer_of(request: web.Request) -> Viewer | None:
    services = request.app[SERVICES]
    session = await services.web.session(request.cookies.get(COOKIE))
    if session is None:
        return None
    return Viewer(session, await services.people.profile(session.person_id))


def signed_out(request: web.Request, status: int = 401) -> web.Response:
    response = render(request, "console/signed_out.html", status=status, viewer=None)
    drop_cookie(response)
    return response


def page(handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """A page for signed-in staff; anyone else is told how to sign in."""

    @functools.wraps(handler)
    async def wrapped(request: web.Request) -> web.StreamResponse:
        viewer = await viewer_of(request)
        if viewer is None:
            return signed_out(request)
        return await handler(request, viewer)

    return wrapped


def form(handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """A form's target: signed in, and the session's own CSRF token, or nothing happens."""

    @functools.wraps(handler)
    async def wrapped(request: web.Request) -> web.StreamResponse:
        viewer = await viewer_of(request)
        if viewer is None:
            return signed_out(request)
        fields = await request.post()
        token = fields.get("csrf")
        if not viewer.session.csrf_ok(token if isinstance(token, str) else None):
            return refused(request, viewer, 403, t("zh", "console.csrf"))
        return await handler(request, viewer)

    return wrapped


def refused(request: web.Request, viewer: Viewer | None, status: int, message: str) -> web.Response:
    return render(request, "console/refused.html", status=status, viewer=viewer, message=message)


async def fields(request: web.Request) -> dict[str, str]:
    """A form's text fields (files are not taken)."""
    posted: Any = await request.post()
    return {k: v for k, v in posted.items() if isinstance(v, str)}
