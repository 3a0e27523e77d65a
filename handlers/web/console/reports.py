"""计划进度 and 导出, for the 科协: progress against the plan's targets with the report's
charts, and the report's workbook (the same as `python -m bot report`)."""

from __future__ import annotations

import base64
from datetime import date
from urllib.parse import quote

from aiohttp import web

from bot.domain.clock import local_date
from bot.domain.workflow import InvalidInput, NotAllowed
from bot.reports.fonts import NoCJKFont
from bot.reports.summary import number
from handlers.web.console.pages import show
from handlers.web.console.session import ROOT, Viewer, page, refused
from handlers.web.console.words import ZH
from handlers.web.server import SERVICES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHART_NAMES = {
    "progress.png": "规划指标完成率",
    "monthly.png": "每月完成服务",
    "response.png": "各部门平均用时",
}


def periods(today: date) -> list[tuple[str, str]]:
    """The periods a form offers: this year and its halves and quarters, this month, last year."""
    year = today.year
    found = [(f"{year}", f"{year}年"), (f"{year}-{today.month:02d}", f"{year}年{today.month}月")]
    found += [(f"{year}H{h}", f"{year}年{'上' if h == 1 else '下'}半年") for h in (1, 2)]
    found += [(f"{year}Q{q}", f"{year}年第{q}季度") for q in (1, 2, 3, 4)]
    return [*found, (f"{year - 1}", f"{year - 1}年")]


def _asked(request: web.Request, viewer: Viewer) -> tuple[str, str]:
    """The jurisdiction (one the viewer coordinates) and the period typed or chosen."""
    place = request.query.get("place") or (viewer.coordinated or [""])[0]
    today = local_date(request.app[SERVICES].clock.now())
    typed = request.query.get("other", "").strip()
    return place, typed or request.query.get("period") or str(today.year)


def _form(request: web.Request, viewer: Viewer, place: str, period: str) -> dict[str, object]:
    services = request.app[SERVICES]
    today = local_date(services.clock.now())
    choices = periods(today)
    return {
        "place": place,
        "period": period,
        "places": [(p, services.catalog.plan(p).name) for p in viewer.coordinated],
        "periods": choices,
        "typed": period if period not in dict(choices) else "",
    }


@page
async def progress(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    if not viewer.coordinated:
        return refused(request, viewer, 403, ZH.refusal(NotAllowed()))
    place, period = _asked(request, viewer)
    context = _form(request, viewer, place, period)
    accountability, note = request.app[SERVICES].accountability, ""
    try:
        found = accountability.period(period)
        try:
            report = await accountability.report(viewer.person_id, place, found)
        except NoCJKFont as exc:  # the figures without the charts, and why
            note = str(exc)
            report = await accountability.report(viewer.person_id, place, found, charts=False)
    except NotAllowed as exc:
        return refused(request, viewer, 403, ZH.refusal(exc))
    except InvalidInput as exc:
        return show(request, viewer, "progress.html", 400, error=ZH.refusal(exc), **context)
    charts = [
        (CHART_NAMES.get(name, name), base64.b64encode(png).decode())
        for name, png in sorted(report.charts.items(), key=lambda item: item[0] != "progress.png")
    ]
    return show(
        request,
        viewer,
        "progress.html",
        report=report,
        progress=report.progress,
        charts=charts,
        note=note,
        number=number,
        **context,
    )


@page
async def exports(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    if not viewer.coordinated:
        return refused(request, viewer, 403, ZH.refusal(NotAllowed()))
    place, period = _asked(request, viewer)
    return show(request, viewer, "exports.html", **_form(request, viewer, place, period))


@page
async def workbook(request: web.Request, viewer: Viewer) -> web.StreamResponse:
    services = request.app[SERVICES]
    place, period = _asked(request, viewer)
    try:
        found = services.accountability.period(period)
        report = await services.accountability.report(viewer.person_id, place, found, charts=False)
    except NotAllowed as exc:
        return refused(request, viewer, 403, ZH.refusal(exc))
    except InvalidInput as exc:
        context = _form(request, viewer, place, period)
        return show(request, viewer, "exports.html", 400, error=ZH.refusal(exc), **context)
    name = f"{services.catalog.plan(place).name}{found.label}规划进度报表.xlsx"
    plain = f"kepu-{place}-{found.key.replace('..', '_')}.xlsx"
    disposition = f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name)}"
    return web.Response(
        body=report.workbook, content_type=XLSX, headers={"Content-Disposition": disposition}
    )


def add_routes(app: web.Application) -> None:
    app.router.add_get(f"{ROOT}/progress", progress)
    app.router.add_get(f"{ROOT}/exports", exports)
    app.router.add_get(f"{ROOT}/exports/workbook", workbook)
