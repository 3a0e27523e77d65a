"""工作台: what waits for each of the signed-in person's roles, and for the 科协 the figures."""

from __future__ import annotations

from aiohttp import web

from bot.domain.workflow import TEAM_ROLES, TERMINAL, Role, State
from bot.health import gather
from bot.services.orders import OrderFilter
from handlers.web.console.pages import place_names, see_other, show
from handlers.web.console.session import ROOT, Viewer, page
from handlers.web.server import SERVICES

# Each queue: the roles that have it, and its name in OrderService.listed.
QUEUES = (
    ((Role.station,), "station"),
    ((Role.agency,), "agency"),
    (TEAM_ROLES, "team"),
    ((Role.coordinator,), "coordinator"),
)


@page
async def home(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    services = request.app[SERVICES]
    orders = services.orders
    queues = []
    for roles, scope in QUEUES:
        if any(viewer.holds(role) for role in roles):
            found = await orders.listed(viewer.person_id, scope)
            queues.append((scope, [(o, cmds, orders.is_overdue(o)) for o, cmds in found]))
    figures = []
    for place in viewer.coordinated:
        stats = await services.directory.stats(place)
        still_open = sum(n for state, n in stats.by_state.items() if State(state) not in TERMINAL)
        figures.append((services.catalog.plan(place).name, stats, still_open))
    late, health = 0, None
    if viewer.coordinated:  # the 科协 watches deadlines and the bot itself
        late = (await orders.search(viewer.person_id, OrderFilter(overdue=True))).total
        settings = services.settings
        health = await gather(services.db, settings.database_path, services.clock.now())
    return show(
        request,
        viewer,
        "home.html",
        queues=queues,
        figures=figures,
        late=late,
        health=health,
        names=await place_names(request, viewer.profile.jurisdictions),
    )


async def to_home(request: web.Request) -> web.StreamResponse:
    return see_other(f"{ROOT}/")


def add_routes(app: web.Application) -> None:
    app.router.add_get(f"{ROOT}/", home)
    app.router.add_get(ROOT, to_home)
