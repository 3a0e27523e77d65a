"""Drawing a console page: the layout's menu for this person, names of places, redirects."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.domain.workflow import Role
from handlers.web.console.session import ROOT, Viewer
from handlers.web.server import SERVICES, render

# The menu: (path, label, who sees it). None: every staff member.
MENU: tuple[tuple[str, str, Role | None], ...] = (
    ("/", "工作台", None),
    ("/orders", "订单", None),
    ("/directory", "名录", None),
    ("/progress", "计划进度", Role.coordinator),
    ("/invites", "邀请", Role.coordinator),
    ("/exports", "导出", Role.coordinator),
    ("/status", "运行状态", Role.coordinator),
)


def menu(viewer: Viewer) -> list[tuple[str, str]]:
    return [(ROOT + path, label) for path, label, role in MENU if not role or viewer.holds(role)]


def show(
    request: web.Request, viewer: Viewer, template: str, status: int = 200, **context: Any
) -> web.Response:
    """A page of the console, with this person's menu; `here` marks where they are."""
    return render(
        request,
        f"console/{template}",
        status=status,
        viewer=viewer,
        menu=menu(viewer),
        **context,
    )


def see_other(location: str) -> web.Response:
    """After a form: to the page that shows the result (a reload does not post again)."""
    return web.Response(status=303, headers={"Location": location})


async def place_names(request: web.Request, jurisdictions: list[str]) -> dict[str, str]:
    """Stations, teams and agencies of these jurisdictions by id, for lists that name them."""
    return await request.app[SERVICES].directory.names(jurisdictions)
