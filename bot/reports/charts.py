"""The report's charts as PNG: monthly completions by action, progress against the plan's
targets, response times. matplotlib is imported here only, when a chart is drawn."""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

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


def load() -> None:
    """Import what drawing needs (a report does it ahead, in a thread)."""
    import matplotlib.backends.backend_agg
    import matplotlib.figure  # noqa: F401


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    from bot.reports.fonts import use_cjk_font

    use_cjk_font()
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _png(fig: Any) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    out = io.BytesIO()
    FigureCanvasAgg(fig).print_png(out)
    return out.getvalue()


def _nothing(fig: Any, title: str) -> bytes:
    """A chart of a period without data says so instead of drawing empty axes."""
    fig.suptitle(title)
    fig.text(0.5, 0.5, "本期暂无数据", ha="center", va="center", fontsize=16, color="#888888")
    return _png(fig)


def monthly_chart(months: dict[str, Counter[str]], title: str) -> bytes:
    fig = _figure(10, 5.2)
    if not months:
        return _nothing(fig, title)
    ax = fig.add_subplot()
    labels = [f"{int(m[5:7])}月" for m in months]
    bottom = [0] * len(labels)
    for colour, key in zip(_PALETTE, ACTION_ORDER, strict=True):
        values = [months[m][key.value] for m in months]
        if any(values):
            ax.bar(labels, values, bottom=bottom, color=colour, label=SHORT_ACTION[key.value])
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_title(title)
    ax.set_ylabel("完成服务（场次）")
    ax.legend(ncols=9, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.06))
    return _png(fig)


def progress_chart(p: PlanProgress, title: str) -> bytes:
    targets = p.targets()
    height = max(3.0, 0.34 * len(targets) + 1.4)
    fig = _figure(10, height)
    ax = fig.add_subplot()
    labels = [f"{g.task_id} {g.target.metric[:16]}" for g in targets]
    shares = [min(g.share or 0.0, 1.5) for g in targets]
    colours = [_STATUS_COLOURS.get(g.status, "#4472c4") for g in targets]
    bars = ax.barh(labels, shares, color=colours)
    for bar, g in zip(bars, targets, strict=True):
        if not g.by_orders:
            bar.set_hatch("//")
        text = "待填报" if g.status == TO_ENTER else f"{(g.share or 0):.0%}"
        ax.text(
            bar.get_width() + 0.01,
            bar.get_y() + bar.get_height() / 2,
            text,
            va="center",
            fontsize=8,
        )
    ax.axvline(1.0, color="#333333", linewidth=1)
    ax.axvline(p.elapsed, color="#ed7d31", linestyle="--", linewidth=1)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.6)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.tick_params(axis="y", labelsize=8)
    ax.set_title(f"{title}（虚线：时间进度 {p.elapsed:.0%}；斜线：人工填报）")
    return _png(fig)


def response_chart(groups: list[Response], title: str, top: int = 12) -> bytes:
    shown = [g for g in groups if any(g.timed.values())][:top]
    fig = _figure(10, max(3.0, 0.5 * len(shown) + 1.5))
    if not shown:
        return _nothing(fig, title)
    ax = fig.add_subplot()
    height = 0.8 / len(STAGES)
    for i, (stage, colour) in enumerate(zip(STAGES, _PALETTE, strict=False)):
        ys = [n + i * height for n in range(len(shown))]
        ax.barh(
            ys,
            [g.average_h(stage) or 0 for g in shown],
            height=height,
            color=colour,
            label=f"{STAGE_NAMES_ZH[stage]}用时",
        )
    ax.set_yticks([n + 0.4 - height / 2 for n in range(len(shown))], [g.name for g in shown])
    ax.invert_yaxis()
    ax.set_xlabel("平均用时（小时）")
    ax.set_title(title)
    ax.legend(fontsize=9, loc="lower right")
    return _png(fig)
