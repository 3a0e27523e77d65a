"""The report's charts: monthly completions by action, progress against the plan's targets,
response times. What each shows is worked out here, as a plain spec; bot.reports.drawing
draws it (matplotlib is imported there only, when a chart is drawn)."""

from __future__ import annotations

from collections import Counter

from bot.reports.drawing import Monthly, Progress, Responses
from bot.reports.progress import BEHIND, DONE, ON_TRACK, TO_ENTER, PlanProgress
from bot.reports.responses import STAGE_NAMES_ZH, STAGES, Response
from catalog.schema import ACTION_ORDER
from storage.reporting import Completion
from storage.table import Table

SHORT_ACTION = {
    "youth": "青少年",
    "farmers": "农牧民",
    "workers": "产业工人",
    "elderly": "老年人",
    "officials": "干部公务员",
    "tech_resources": "科技资源",
    "informatization": "科普信息化",
    "infrastructure": "基础设施",
    "grassroots": "基层能力",
}
_STATUS_COLOURS = {DONE: "#2e7d32", ON_TRACK: "#4472c4", BEHIND: "#d9534f", TO_ENTER: "#bbbbbb"}
_PALETTE = (
    "#4472c4",
    "#ed7d31",
    "#a5a5a5",
    "#ffc000",
    "#5b9bd5",
    "#70ad47",
    "#264478",
    "#9e480e",
    "#636363",
)


def monthly_by_action(completions: Table[Completion]) -> dict[str, Counter[str]]:
    """'YYYY-MM' -> completions per action key ('' for none): counted over (day, task)
    pairs, a few thousand of them, not over the rows."""
    pairs = zip(completions.column("service_date"), completions.column("task"), strict=True)
    months: dict[str, Counter[str]] = {}
    for (day, task), n in Counter(pairs).items():
        action = (task or "").split(".", 1)[0]
        months.setdefault(day[:7], Counter())[action] += n
    return dict(sorted(months.items()))


def monthly_spec(months: dict[str, Counter[str]], period: list[str], title: str) -> Monthly:
    """One bar per month of the `period` ('YYYY-MM', see Period.months), a month without
    services at zero; labelled 3月, or 2025年11月 when the period spans years."""
    one_year = len({m[:4] for m in period}) == 1
    labels = [f"{int(m[5:7])}月" if one_year else f"{m[:4]}年{int(m[5:7])}月" for m in period]
    empty: Counter[str] = Counter()
    series = []
    for colour, key in zip(_PALETTE, ACTION_ORDER, strict=True):
        values = [months.get(m, empty)[key.value] for m in period]
        if any(values):
            series.append((SHORT_ACTION[key.value], colour, values))
    return Monthly(title, labels, series)


def progress_spec(p: PlanProgress, title: str) -> Progress:
    targets = p.targets()
    return Progress(
        title=f"{title}（虚线：时间进度 {p.elapsed:.0%}；斜线：人工填报）",
        labels=[f"{g.task_id} {g.target.metric[:16]}" for g in targets],
        shares=[min(g.share or 0.0, 1.5) for g in targets],
        colours=[_STATUS_COLOURS.get(g.status, "#4472c4") for g in targets],
        hatched=[not g.by_orders for g in targets],
        texts=["待填报" if g.status == TO_ENTER else f"{(g.share or 0):.0%}" for g in targets],
        elapsed=p.elapsed,
    )


def response_spec(groups: list[Response], title: str, top: int = 12) -> Responses:
    shown = [g for g in groups if any(g.timed.values())][:top]
    series = [
        (f"{STAGE_NAMES_ZH[stage]}用时", colour, [g.average_h(stage) or 0 for g in shown])
        for stage, colour in zip(STAGES, _PALETTE, strict=False)
    ]
    return Responses(title, [g.name for g in shown], series)
