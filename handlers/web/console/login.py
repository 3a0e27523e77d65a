"""Signing in by a one-time link, and signing out.

Opening the link only shows whose it is and a button: the link is used when the
button is pressed (a POST), so a program that merely fetches the link (a link
preview, a mail scanner) cannot use it up. The button's form carries a nonce
that is also set as a SameSite=Strict cookie, so another site cannot submit it
and sign someone in as the wrong person.
"""

from __future__ import annotations

import hmac
import secrets

from aiohttp import web

from bot.domain.workflow import InvalidInput, NotAllowed
from bot.services.web_access import LINK_TTL
from handlers.web.console.pages import see_other
from handlers.web.console.session import (
    ROOT,
    Viewer,
    drop_cookie,
    fields,
    form,
    refused,
    secure,
    set_cookie,
)
from handlers.web.console.words import ZH
from handlers.web.server import SERVICES, render
from texts import t

NONCE = "kepu_login"
LOGIN = f"{ROOT}/login"


async def show_link(request: web.Request) -> web.StreamResponse:
    token = request.match_info["token"]
    try:
        invitation = await request.app[SERVICES].web.invitation(token)
    except InvalidInput as exc:
        return _failed(request, exc)
    nonce = secrets.token_urlsafe(24)
    response = render(
        request,
        "console/login.html",
        viewer=None,
        person=invitation.name,
        expires=ZH.time(invitation.expires_at),
        nonce=nonce,
    )
    response.set_cookie(
        NONCE,
        nonce,
        max_age=int(LINK_TTL.total_seconds()),
        path=LOGIN,
        httponly=True,
        samesite="Strict",
        secure=secure(request),
    )
    return response


async def use_link(request: web.Request) -> web.StreamResponse:
    posted = await fields(request)
    cookie = request.cookies.get(NONCE, "")
    if not cookie or not hmac.compare_digest(cookie, posted.get("nonce", "")):
        return refused(request, None, 403, t("zh", "console.login_form"))
    try:
        session = await request.app[SERVICES].web.sign_in(request.match_info["token"])
    except InvalidInput as exc:
        return _failed(request, exc)
    except NotAllowed as exc:
        return refused(request, None, 403, ZH.refusal(exc))
    response = see_other(f"{ROOT}/")
    set_cookie(request, response, session)
    response.del_cookie(NONCE, path=LOGIN)
    return response


def _failed(request: web.Request, error: InvalidInput) -> web.Response:
    status = 404 if error.code == "web_link_unknown" else 410
    return render(
        request, "console/login_failed.html", status=status, viewer=None, message=ZH.refusal(error)
    )


@form
async def sign_out(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    await request.app[SERVICES].web.sign_out(viewer.session.id)
    response = render(request, "console/signed_out.html", viewer=None, left=True)
    drop_cookie(response)
    return response


def add_routes(app: web.Application) -> None:
    app.router.add_get(f"{LOGIN}/{{token}}", show_link)
    app.router.add_post(f"{LOGIN}/{{token}}", use_link)
    app.router.add_post(f"{ROOT}/logout", sign_out)
