"""An order's page: the order as the signed-in person may see it (the phone only if they
must call it), its timeline, and a form for each step the workflow allows them now."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.domain.order import Order
from bot.domain.workflow import Cmd, InvalidInput, NotAllowed, NotFound, WorkflowError
from bot.services.cards import Card
from catalog.intent import reason_text
from handlers.web.console.pages import show
from handlers.web.console.session import ROOT, Viewer, page, refused
from handlers.web.console.words import KNOWN, ZH
from handlers.web.server import SERVICES
from texts import t

# Steps taken in the console, and how each is asked: a button, a reason, or a choice.
REASONED = (Cmd.reject, Cmd.decline, Cmd.withdraw)
CHOSEN = (Cmd.dispatch, Cmd.reassign_agency, Cmd.reassign_team, Cmd.set_task)
PLAIN = (Cmd.claim, Cmd.publish, Cmd.accept, Cmd.mark_urgent)
ON_THE_WEB = frozenset((*REASONED, *CHOSEN, *PLAIN))
# Steps that need a date or a report typed in plain Chinese: the chat asks for them.
IN_CHAT = frozenset((Cmd.propose_time, Cmd.report_done))


@dataclass
class Step:
    """One form on the page: the command, its button, and what it offers to choose."""

    cmd: str
    label: str
    key: str  # a fresh key per form shown: submitting it twice changes nothing twice
    choices: list[tuple[str, str]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


@page
async def order_page(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    order_id = int(request.match_info["order_id"])
    done = request.query.get("done", "")
    notice = ""
    if f"event.{done}" in KNOWN:  # only words we wrote ourselves are shown
        what = ZH.event(done)
        notice = t("zh", "console.again" if "again" in request.query else "console.done", what=what)
    return await render_order(request, viewer, order_id, notice=notice)


async def render_order(
    request: web.Request, viewer: Viewer, order_id: int, status: int = 200, **extra: Any
) -> web.StreamResponse:
    """The page, or 无权限 / not found for someone who may not see the order."""
    services = request.app[SERVICES]
    try:
        card = await services.cards.details(order_id, viewer.person_id)
        timeline = await services.orders.timeline(order_id, viewer.person_id)
    except (NotAllowed, NotFound) as exc:
        code = 404 if isinstance(exc, NotFound) else 403
        return refused(request, viewer, code, ZH.refusal(exc))
    assert card.order is not None and card.view is not None
    order = card.order
    task = services.catalog.task(order.jurisdiction, order.task)
    agency = services.catalog.agency(order.agency_id) if order.agency_id else None
    return show(
        request,
        viewer,
        "order.html",
        status=status,
        card=card,
        order=order,
        view=card.view,
        task=task,
        agency=agency.name if agency else "",
        router_note=_router_note(card),
        overdue=services.orders.is_overdue(order),
        timeline=timeline,
        steps=await _steps(request, card),
        in_chat=[c for c in _cmds(card) if c in IN_CHAT],
        **extra,
    )


def _cmds(card: Card) -> list[Cmd]:
    return [Cmd(a["cmd"]) for a in card.actions if a["cmd"] in Cmd.__members__]


async def _steps(request: web.Request, card: Card) -> list[Step]:
    services, order = request.app[SERVICES], card.order
    assert order is not None
    steps = []
    for cmd in (c for c in _cmds(card) if c in ON_THE_WEB):
        step = Step(cmd.value, ZH.button(cmd.value), secrets.token_urlsafe(16))
        if cmd is Cmd.dispatch:  # the agency is chosen in the form: the suggested one first
            step.label = t("zh", "console.dispatch")
        if cmd is Cmd.publish:  # to the matching teams, when there are any; or to one team
            if card.teams:
                step.label = t("zh", "btn.publish_n", n=card.teams)
                steps.append(step)
            step = Step(cmd.value, t("zh", "console.publish_one"), secrets.token_urlsafe(16))
        if cmd in REASONED:
            step.reasons = t("zh", f"reasons.{cmd.value}").split("|")
        if cmd in (Cmd.dispatch, Cmd.reassign_agency):
            agencies, declined = await services.orders.agency_choices(order)
            mark = t("zh", "pick.declined")
            step.choices = [
                (a.id, a.name + (mark if a.id in declined else ""))
                for a in agencies
                if cmd is Cmd.dispatch or a.id != order.agency_id
            ]
        if cmd is Cmd.set_task:
            step.choices = _tasks(request, order)
        if cmd in (Cmd.publish, Cmd.reassign_team):
            teams, matching = await services.orders.team_choices(order)
            step.choices = [
                (team.id, ("✓ " if team.id in matching else "") + team.name)
                for team in teams
                if team.id != order.team_id
            ]
        steps.append(step)
    return steps


def _tasks(request: web.Request, order: Order) -> list[tuple[str, str]]:
    """The plan's tasks, the router's candidates first, the one the order counts toward
    first of all (so the form keeps it unless changed)."""
    plan = request.app[SERVICES].catalog.plan(order.jurisdiction)
    suggested = [order.task, *(c["task"] for c in order.routed_candidates)]
    tasks = [task for action in plan.actions for task in action.tasks]
    tasks.sort(key=lambda task: suggested.index(task.id) if task.id in suggested else 99)
    return [(task.id, ("✓ " if task.id == order.task else "") + task.title) for task in tasks]


def _router_note(card: Card) -> str:
    """Why the request came unclassified, for the staff who must decide."""
    order = card.order
    if order is None or order.routed_confident or not order.routed_reason:
        return ""
    try:
        return reason_text(order.routed_reason)
    except ValueError:  # a reason an older router gave
        return ""


def status_of(error: WorkflowError) -> int:
    """无权限 403, no such order 404, bad input 400, the order moved on 409."""
    if isinstance(error, NotAllowed):
        return 403
    if isinstance(error, NotFound):
        return 404
    return 400 if isinstance(error, InvalidInput) else 409


def add_routes(app: web.Application) -> None:
    app.router.add_get(rf"{ROOT}/orders/{{order_id:\d{{1,12}}}}", order_page)
