"""Taking a step on an order from its page: through OrderService.perform, as the
signed-in person, so the workflow and its notifications are exactly the chat's."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from aiohttp import web

from bot.domain.workflow import Cmd, WorkflowError
from bot.services.orders import Given
from handlers.web.console.order import ON_THE_WEB, REASONED, render_order, status_of
from handlers.web.console.pages import see_other
from handlers.web.console.session import ROOT, Viewer, fields, form, refused
from handlers.web.console.words import ZH
from handlers.web.server import SERVICES, WAKE
from texts import t

KEY = re.compile(r"^[A-Za-z0-9_-]{16,43}$")


@form
async def act(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    order_id = int(request.match_info["order_id"])
    posted = await fields(request)
    cmd = Cmd(posted["cmd"]) if posted.get("cmd") in Cmd.__members__ else None
    if cmd not in ON_THE_WEB or not KEY.match(posted.get("key", "")):
        return refused(request, viewer, 400, t("zh", "error.stale"))
    assert cmd is not None
    # The form's own key, kept apart from anyone else's: a second submission of the same
    # form finds its first and changes nothing.
    key = f"web:{viewer.person_id}:{order_id}:{cmd.value}:{posted['key']}"
    reason = _reason(cmd, posted)
    if reason is None:
        return refused(request, viewer, 400, t("zh", "error.stale"))
    given = Given(choice=posted.get("choice") or None, reason=reason)
    try:
        outcome = await request.app[SERVICES].orders.perform(
            cmd, order_id, viewer.person_id, key, given
        )
    except WorkflowError as exc:
        return await render_order(
            request, viewer, order_id, status=status_of(exc), error=ZH.refusal(exc)
        )
    request.app[WAKE]()  # the cards this queued go out now, not at the next tick
    done = {"done": outcome.event or cmd.value} | ({"again": "1"} if outcome.repeated else {})
    return see_other(f"{ROOT}/orders/{order_id}?{urlencode(done)}")


def _reason(cmd: Cmd, posted: dict[str, str]) -> str | None:
    """What was typed, or else the preset chosen; "" when neither (the service asks for one);
    None when the preset is none the page offers: a forged form."""
    typed = posted.get("reason", "").strip()
    if cmd not in REASONED:
        return typed
    presets = t("zh", f"reasons.{cmd.value}").split("|")
    # Matched as the page's own option values, never int(): "²" passes isdigit() yet
    # int() refuses it, and a thousand-digit value would be refused by int() too.
    offered = {str(i): preset for i, preset in enumerate(presets)}
    chosen = posted.get("preset", "")
    if chosen and chosen not in offered:
        return None
    return typed or offered.get(chosen, "")


def add_routes(app: web.Application) -> None:
    app.router.add_post(rf"{ROOT}/orders/{{order_id:\d{{1,12}}}}/act", act)
