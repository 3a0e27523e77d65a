"""订单: the orders the signed-in person may see, filtered and searched, a page at a time."""

from __future__ import annotations

from urllib.parse import urlencode

from aiohttp import web

from bot.domain.workflow import InvalidInput, State
from bot.services.orders import OrderFilter, OrderPage
from catalog.schema import ACTION_NAMES
from handlers.web.console.pages import place_names, show
from handlers.web.console.session import ROOT, Viewer, page
from handlers.web.console.words import ZH
from handlers.web.server import SERVICES

PERIODS = (("7d", "近 7 天"), ("30d", "近 30 天"), ("month", "本月"), ("year", "今年"))
FIELDS = ("state", "station", "agency", "team", "action", "period", "q")


def wanted_of(query: dict[str, str]) -> OrderFilter:
    """The filters a query string asks for; a page number that is no number is refused."""
    number = query.get("page", "1")
    if not (number.isascii() and number.isdigit()):
        raise InvalidInput("filter_invalid", field="page")
    return OrderFilter(
        state=query.get("state", ""),
        station=query.get("station", ""),
        agency=query.get("agency", ""),
        team=query.get("team", ""),
        action=query.get("action", ""),
        period=query.get("period", ""),
        overdue=query.get("overdue") == "1",
        text=query.get("q", ""),
        page=int(number[:6]),
    )


@page
async def orders(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    services = request.app[SERVICES]
    query = {k: v for k, v in request.query.items() if k in (*FIELDS, "overdue", "page")}
    error, found = "", OrderPage([], 0, 1, 1)
    try:
        found = await services.orders.search(viewer.person_id, wanted_of(query))
    except InvalidInput as exc:
        error = ZH.refusal(exc)
    places = viewer.profile.jurisdictions
    rows = [(row.order, row.cmds, row.overdue) for row in found.rows]
    return show(
        request,
        viewer,
        "orders.html",
        status=400 if error else 200,
        error=error,
        found=found,
        rows=rows,
        query=query,
        choices=await _choices(request, places),
        names=await place_names(request, places),
        page_link=lambda n: f"{ROOT}/orders?{urlencode({**query, 'page': n})}",
    )


async def _choices(request: web.Request, places: list[str]) -> dict[str, list]:
    """What each filter offers: the states, and the places of the person's jurisdictions."""
    services = request.app[SERVICES]
    stations, teams, agencies = [], [], []
    for place in places:
        stations += [(s.id, s.name) for s in await services.directory.stations(place)]
        teams += [(t.id, t.name) for t in await services.directory.teams(place)]
        agencies += [(a.id, a.name) for a in services.catalog.registries[place].agencies]
    return {
        "state": [(s.value, ZH.state(s.value)) for s in State],
        "station": stations,
        "agency": sorted(agencies, key=lambda a: a[1]),
        "team": teams,
        "action": [(key.value, name) for key, name in ACTION_NAMES.items()],
        "period": list(PERIODS),
    }


def add_routes(app: web.Application) -> None:
    app.router.add_get(f"{ROOT}/orders", orders)
