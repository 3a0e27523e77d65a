"""Drawing the report's charts with matplotlib, from plain specs (bot.reports.charts makes
them). It imports nothing of ours but the font, so that a process that only draws
(bot.reports.chart_process) starts with matplotlib alone."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

Series = tuple[str, str, list[float]]  # legend label, colour, one value per bar


@dataclass(frozen=True)
class Monthly:
    title: str
    months: list[str]  # the bars' labels, one per month of the period
    series: list[Series]  # stacked, in this order; none: nothing was done


@dataclass(frozen=True)
class Progress:
    title: str
    labels: list[str]
    shares: list[float]  # bar lengths, 1.0 = the target
    colours: list[str]
    hatched: list[bool]  # entered by hand, not counted
    texts: list[str]  # written at each bar's end
    elapsed: float  # share of the period gone by


@dataclass(frozen=True)
class Responses:
    title: str
    names: list[str]  # one group of bars each
    series: list[Series]  # one bar per stage in each group


Spec = Monthly | Progress | Responses


def load() -> None:
    """Import what drawing needs (done ahead, while the data are read)."""
    import matplotlib.backends.backend_agg
    import matplotlib.figure  # noqa: F401


def draw(spec: Spec) -> bytes:
    """The chart as PNG."""
    if isinstance(spec, Monthly):
        return _monthly(spec)
    if isinstance(spec, Progress):
        return _progress(spec)
    return _responses(spec)


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


def _monthly(spec: Monthly) -> bytes:
    fig = monthly_figure(spec)
    return _png(fig)


def monthly_figure(spec: Monthly) -> Any:
    """The figure before it is rendered (a test reads its axes)."""
    fig = _figure(10, 5.2)
    if not spec.series:
        fig.suptitle(spec.title)
        fig.text(0.5, 0.5, "本期暂无数据", ha="center", va="center", fontsize=16, color="#888888")
        return fig
    from matplotlib.ticker import MaxNLocator

    ax = fig.add_subplot()
    bottom = [0.0] * len(spec.months)
    for label, colour, values in spec.series:
        ax.bar(spec.months, values, bottom=bottom, color=colour, label=label)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts of services
    ax.set_title(spec.title)
    ax.set_ylabel("完成服务（场次）")
    ax.legend(ncols=9, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.06))
    return fig


def _progress(spec: Progress) -> bytes:
    fig = _figure(10, max(3.0, 0.34 * len(spec.labels) + 1.4))
    ax = fig.add_subplot()
    bars = ax.barh(spec.labels, spec.shares, color=spec.colours)
    for bar, hatched, text in zip(bars, spec.hatched, spec.texts, strict=True):
        if hatched:
            bar.set_hatch("//")
        y = bar.get_y() + bar.get_height() / 2
        ax.text(bar.get_width() + 0.01, y, text, va="center", fontsize=8)
    ax.axvline(1.0, color="#333333", linewidth=1)
    ax.axvline(spec.elapsed, color="#ed7d31", linestyle="--", linewidth=1)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.6)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.tick_params(axis="y", labelsize=8)
    ax.set_title(spec.title)
    return _png(fig)


def _responses(spec: Responses) -> bytes:
    fig = _figure(10, max(3.0, 0.5 * len(spec.names) + 1.5))
    if not spec.names:
        return _nothing(fig, spec.title)
    ax = fig.add_subplot()
    height = 0.8 / len(spec.series)
    for i, (label, colour, values) in enumerate(spec.series):
        ys = [n + i * height for n in range(len(spec.names))]
        ax.barh(ys, values, height=height, color=colour, label=label)
    ax.set_yticks([n + 0.4 - height / 2 for n in range(len(spec.names))], spec.names)
    ax.invert_yaxis()
    ax.set_xlabel("平均用时（小时）")
    ax.set_title(spec.title)
    # Below the axis, not over the bars: the longest bar may end in any corner.
    ax.legend(fontsize=9, ncols=len(spec.series), loc="upper center", bbox_to_anchor=(0.5, -0.1))
    return _png(fig)
