"""邀请: the 科协 invites stations, agencies and teams. A new invite's one-time t.me link is
shown once, with a QR code to scan with a phone; the list says who used which invite,
and an unused one can be withdrawn.

Only the hash of an invite's code is stored, so the code exists only in the page that
shows it. It reaches that page in a short-lived cookie of the issuer's own browser
(HttpOnly, SameSite=Strict, this path only), so that reloading the page neither loses
the code nor issues a second invite.
"""

from __future__ import annotations

import segno
from aiohttp import web
from markupsafe import Markup

from bot.domain.workflow import InvalidInput, NotAllowed, NotFound
from bot.services.people import CODE_PATTERN, INVITABLE
from handlers.web.console.pages import see_other, show
from handlers.web.console.session import ROOT, Viewer, fields, form, page, refused, secure
from handlers.web.console.words import ZH
from handlers.web.server import BOT_USERNAME, SERVICES

HERE = f"{ROOT}/invites"
NEW = "kepu_invite"
SHOW_NEW_FOR = 600  # seconds the new invite's link stays on the page


def deep_link(request: web.Request, code: str) -> str:
    """The t.me link that opens the bot with the invite; "" when the bot's name is unknown."""
    username = request.app[BOT_USERNAME]
    return f"https://t.me/{username}?start={code}" if username else ""


def qr_svg(link: str) -> Markup:
    """The link as a QR code, inline SVG (segno draws it from our own link: safe to embed)."""
    code = segno.make(link, error="m", micro=False)
    return Markup(
        code.svg_inline(scale=4, border=2, dark="#1d2733", omitsize=True, title="邀请二维码")
    )


@page
async def invites_page(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    if not viewer.coordinated:
        return refused(request, viewer, 403, ZH.refusal(NotAllowed()))
    services = request.app[SERVICES]
    places = []
    for place in viewer.coordinated:
        choices = [(role, await services.directory.scopes(role, [place])) for role in INVITABLE]
        places.append(
            {
                "id": place,
                "name": services.catalog.plan(place).name,
                "choices": choices,
                "invites": await services.invites.listed(viewer.person_id, place),
            }
        )
    fresh, link = None, ""
    code = request.cookies.get(NEW, "")
    if CODE_PATTERN.match(code):
        fresh = await services.invites.issued(viewer.person_id, code)
        link = deep_link(request, code)
    return show(
        request,
        viewer,
        "invites.html",
        places=places,
        fresh=fresh if fresh and fresh.status == "open" else None,
        code=code,
        link=link,
        qr=qr_svg(link or f"/start {code}") if fresh else "",
        withdrawn=request.query.get("withdrawn", ""),
    )


@form
async def create(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    posted = await fields(request)
    role_id, _, scope = posted.get("who", "").partition(":")
    role = next((r for r in INVITABLE if r.value == role_id), None)
    try:
        if role is None or not scope:
            raise InvalidInput("scope_unknown", role=role_id or "—", scope=scope or "—")
        issued = await request.app[SERVICES].people.create_invite(viewer.person_id, role, scope)
    except NotAllowed as exc:
        return refused(request, viewer, 403, ZH.refusal(exc))
    except InvalidInput as exc:
        return refused(request, viewer, 400, ZH.refusal(exc))
    response = see_other(f"{HERE}#new")
    response.set_cookie(
        NEW,
        issued.code,
        max_age=SHOW_NEW_FOR,
        path=HERE,
        httponly=True,
        samesite="Strict",
        secure=secure(request),
    )
    return response


@form
async def withdraw(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    invite_id = int(request.match_info["invite_id"])
    try:
        await request.app[SERVICES].invites.withdraw(viewer.person_id, invite_id)
    except (NotAllowed, NotFound) as exc:
        return refused(
            request, viewer, 403 if isinstance(exc, NotAllowed) else 404, ZH.refusal(exc)
        )
    except InvalidInput as exc:
        return refused(request, viewer, 409, ZH.refusal(exc))
    return see_other(f"{HERE}?withdrawn={invite_id}#invite-{invite_id}")


def add_routes(app: web.Application) -> None:
    app.router.add_get(HERE, invites_page)
    app.router.add_post(HERE, create)
    app.router.add_post(rf"{HERE}/{{invite_id:\d{{1,12}}}}/withdraw", withdraw)
