"""名录: the stations, teams (with their members) and agencies of the person's jurisdictions;
the jurisdiction's 科协 creates and edits stations and teams. Agencies come from the plan."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.domain.places import LEVELS, STATION_KINDS
from bot.domain.workflow import InvalidInput, NotAllowed
from bot.services.directory import Station
from bot.services.directory_forms import StationForm, TeamForm, read_form
from catalog.schema import ACTION_NAMES
from handlers.web.console.pages import see_other, show
from handlers.web.console.session import ROOT, Viewer, form, page, refused
from handlers.web.console.words import ZH
from handlers.web.server import SERVICES

HERE = f"{ROOT}/directory"
PLACE = r"{place:[a-z][a-z0-9_]{0,31}}"
THING = r"{thing:[a-z0-9][a-z0-9_-]{0,40}}"


def tree(stations: list[Station]) -> list[tuple[Station, int]]:
    """Stations in the order of their hierarchy, each with its depth: a centre, its towns,
    each town followed by its villages."""
    known = {s.id for s in stations}
    below: dict[str | None, list[Station]] = {}
    for station in stations:
        parent = station.parent_id if station.parent_id in known else None
        below.setdefault(parent, []).append(station)
    ordered: list[tuple[Station, int]] = []

    def walk(parent: str | None, depth: int) -> None:
        for station in sorted(below.get(parent, []), key=lambda s: s.id):
            ordered.append((station, depth))
            walk(station.id, depth + 1)

    walk(None, 0)
    return ordered


@page
async def directory(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    services = request.app[SERVICES]
    places = []
    for place in viewer.profile.jurisdictions:
        stations = await services.directory.stations(place)
        places.append(
            {
                "id": place,
                "name": services.catalog.plan(place).name,
                "stations": tree(stations),
                "teams": await services.directory.teams(place),
                "members": await services.directory.members(place),
                "agencies": services.catalog.registries[place].agencies,
                "names": {s.id: s.name for s in stations},
                "editable": viewer.coordinates(place),
            }
        )
    saved = request.query.get("saved", "")
    return show(request, viewer, "directory.html", places=places, saved=saved, actions=ACTION_NAMES)


async def _form_page(
    request: web.Request, viewer: Viewer, kind: str, values: dict[str, Any], **extra: Any
) -> web.Response:
    services, place = request.app[SERVICES], request.match_info["place"]
    stations = [station for station, _ in tree(await services.directory.stations(place))]
    plan = services.catalog.plan(place)
    return show(
        request,
        viewer,
        f"{kind}_form.html",
        place=place,
        place_name=plan.name,
        values=values,
        new="thing" not in request.match_info,
        stations=stations,
        plan=plan,
        kinds=STATION_KINDS,
        levels=LEVELS,
        **extra,
    )


def _may_edit(request: web.Request, viewer: Viewer) -> bool:
    place = request.match_info["place"]
    return place in request.app[SERVICES].catalog.plans and viewer.coordinates(place)


@page
async def edit_page(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    if not _may_edit(request, viewer):
        return refused(request, viewer, 403, ZH.refusal(NotAllowed()))
    kind, thing = request.match_info["kind"], request.match_info.get("thing")
    if thing is None:
        return await _form_page(request, viewer, kind, {})
    found = await _existing(request, kind, thing)
    if found is None:
        return refused(request, viewer, 404, ZH.refusal(InvalidInput("place_unknown")))
    return await _form_page(request, viewer, kind, found)


async def _existing(request: web.Request, kind: str, thing: str) -> dict[str, Any] | None:
    services, place = request.app[SERVICES], request.match_info["place"]
    if kind == "station":
        station = await services.directory.station(thing)
        if station is None or station.jurisdiction != place:
            return None
        return {
            "id": station.id,
            "name": station.name,
            "kind": station.kind,
            "level": station.level,
            "parent": station.parent_id or "",
        }
    team = next((t for t in await services.directory.teams(place) if t.id == thing), None)
    if team is None:
        return None
    return {
        "id": team.id,
        "name": team.name,
        "actions": team.actions,
        "tasks": team.tasks,
        "stations": team.stations,
    }


@form
async def save(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    services, place = request.app[SERVICES], request.match_info["place"]
    kind, thing = request.match_info["kind"], request.match_info.get("thing")
    posted = await request.post()
    if kind == "station":
        values: dict[str, Any] = {
            k: str(posted.get(k, "")) for k in ("id", "name", "kind", "level", "parent")
        }
    else:
        values = {"id": str(posted.get("id", "")), "name": str(posted.get("name", ""))}
        values |= {
            k: [str(v) for v in posted.getall(k, [])] for k in ("actions", "tasks", "stations")
        }
    if thing is not None:
        values["id"] = thing  # an id does not change
    try:
        if place not in services.catalog.plans:
            raise NotAllowed()
        if kind == "station":
            saved = await services.directory.save_station(
                viewer.person_id, place, read_form(StationForm, values), thing is None
            )
        else:
            saved = await services.directory.save_team(
                viewer.person_id, place, read_form(TeamForm, values), thing is None
            )
    except NotAllowed as exc:
        return refused(request, viewer, 403, ZH.refusal(exc))
    except InvalidInput as exc:
        return await _form_page(request, viewer, kind, values, error=ZH.refusal(exc), status=400)
    return see_other(f"{HERE}?saved={saved.id}#{kind}-{saved.id}")


def add_routes(app: web.Application) -> None:
    app.router.add_get(HERE, directory)
    for kind in ("station", "team"):
        new = f"{HERE}/{PLACE}/new/{{kind:{kind}}}"
        one = f"{HERE}/{PLACE}/{{kind:{kind}}}s/{THING}"
        app.router.add_get(new, edit_page)
        app.router.add_post(new, save)
        app.router.add_get(one, edit_page)
        app.router.add_post(one, save)
