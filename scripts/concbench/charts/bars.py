"""Bar charts: grouped bars with whiskers and each bar's own ideal, and horizontal bars on a log
axis for costs that span decades (start-up, memory, a switch)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, NullLocator

from .style import IDEAL_STYLE, WHISKER, Styles, figure, legend_outside, save, short_seconds, spans_decades


@dataclass(frozen=True)
class Bar:
    model: str
    value: float
    low: float | None = None           # the 95% interval
    high: float | None = None
    ideal: float | None = None         # the bar's own limit, a black tick across it
    beyond: bool = False               # beyond its limit: drawn hollow and labelled, not as a result
    label: str | None = None           # the bar's name where it is not the model's (log bars)
    hatched: bool = False


def drawable(groups) -> bool:
    """A bar chart needs at least two bars to compare."""
    return sum(len(bars) for _, bars in groups) >= 2


def grouped_bars_chart(panels: list[tuple[str, list[tuple[str, list[Bar]]]]], styles: Styles, title: str,
                       ylabel: str, directory: Path, filename: str, value_format: Callable | None = None,
                       log: bool | None = None) -> str | None:
    """Panels stacked one above the other, each with bars per model in groups (a case each) and
    each bar's own ideal; None with fewer than two bars in all."""
    panels = [(name, [(label, bars) for label, bars in groups if bars]) for name, groups in panels]
    panels = [(name, groups) for name, groups in panels if groups]
    if not drawable([g for _, groups in panels for g in groups]):
        return None
    slots = max(len({bar.model for _, bars in groups for bar in bars}) * len(groups) for _, groups in panels)
    fig, axes_list = figure(max(6.5, 1.6 + 0.3 * slots + 2.2), 3.4, len(panels), 1)
    values = [v for _, groups in panels for _, bars in groups for bar in bars for v in (bar.value, bar.high, bar.ideal)
              if v]
    log = spans_decades(values) if log is None else log
    for axes, (name, groups) in zip(axes_list, panels):
        draw_groups(axes, groups, styles.order({bar.model for _, bars in groups for bar in bars}), styles, value_format)
        if log:
            axes.set_yscale("log")
        else:
            axes.set_ylim(bottom=0)
        axes.set_ylabel(ylabel + (", log scale" if log else ""))
        axes.set_title(name)
        axes.grid(True, axis="y", alpha=0.3)
    fig.suptitle(title)
    fig.tight_layout()
    legend_outside(fig, axes_list, styles, at=axes_list[0])
    return save(fig, directory, filename)


def draw_groups(axes, groups, models, styles: Styles, value_format):
    """Each group's bars side by side; one ideal line across the panel when every bar has the same
    one (an efficiency's 100%), else a tick across each bar at its own."""
    width = 0.8 / len(models)
    ideals = {bar.ideal for _, bars in groups for bar in bars}
    shared = ideals.pop() if len(ideals) == 1 else None
    if shared:
        axes.axhline(shared, label="ideal", **IDEAL_STYLE)
    ideal_label = "ideal (each bar's own)"
    for g, (_, bars) in enumerate(groups):
        for bar in sorted(bars, key=lambda b: models.index(b.model)):
            x = g + (models.index(bar.model) - (len(models) - 1) / 2) * width
            style = styles.bar(bar.model)
            drawn = bar.value
            if bar.beyond:           # not a result: a hollow bar up to its limit, labelled, and no whisker
                style = dict(facecolor="white", edgecolor="#a00000", hatch="xx", linewidth=1.0,
                             label="beyond its limit: not a result")
                drawn = bar.ideal or bar.value
            whisker = None
            if bar.low is not None and bar.high is not None:
                whisker = [[bar.value - bar.low], [bar.high - bar.value]]
            axes.bar(x, drawn, width * 0.92, **{"label": bar.model, **style},
                     yerr=None if bar.beyond else whisker, error_kw=dict(WHISKER))
            if bar.ideal and not shared:
                axes.hlines(bar.ideal, x - width / 2, x + width / 2, label=ideal_label, **IDEAL_STYLE)
            if bar.beyond:
                axes.annotate(f"{bar.model}: beyond", (x, drawn), xytext=(0, 3), textcoords="offset points",
                              ha="center", va="bottom", fontsize=9.5, color="#a00000", rotation=90)
            elif value_format:
                axes.annotate(value_format(bar.value), (x, max(bar.value, bar.high or 0)), xytext=(0, 2),
                              textcoords="offset points", ha="center", va="bottom", fontsize=9.5)
    axes.set_xticks(range(len(groups)))
    axes.set_xticklabels([label for label, _ in groups])


def log_bars_chart(bars: list[Bar], styles: Styles, title: str, xlabel: str, directory: Path, filename: str,
                   value_format: Callable, ticks: str = "seconds") -> str | None:
    """Horizontal bars on a log axis, first bar on top, each labelled with its value; values at or
    below zero are drawn at the axis' left edge. None with fewer than two bars."""
    if len(bars) < 2:
        return None
    positive = [v for bar in bars for v in (bar.value, bar.low, bar.high) if v is not None and v > 0]
    left = min(positive) / 3 if positive else 1e-9
    right = max(positive) * 6 if positive else 1.0
    fig, (axes,) = figure(9.0, 1.0 + 0.42 * len(bars))
    seen = set()
    for y, bar in enumerate(bars):
        low, high = bar.low if bar.low is not None else bar.value, bar.high if bar.high is not None else bar.value
        drawn, low, high = max(bar.value, left), max(low, left), max(high, left)
        axes.barh(y, drawn, 0.7, color=styles.color(bar.model), hatch="//" if bar.hatched else None,
                  edgecolor="white" if bar.hatched else None, label=bar.model if bar.model not in seen else None,
                  xerr=[[drawn - low], [high - drawn]] if high > low else None, error_kw=dict(WHISKER))
        seen.add(bar.model)
        axes.annotate(value_format(bar.value), (max(high, drawn), y), xytext=(5, 0), textcoords="offset points",
                      va="center", fontsize=9.5)
    axes.set_xscale("log")
    axes.set_xlim(left, right)
    if ticks == "bytes":
        from ..formatting import format_bytes
        axes.xaxis.set_major_locator(FixedLocator([4.0 ** k for k in range(0, 16)]))
        axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_bytes(v)))
    else:
        axes.xaxis.set_major_locator(LogLocator(base=10, numticks=20))
        axes.xaxis.set_major_formatter(FuncFormatter(short_seconds))
    axes.xaxis.set_minor_locator(NullLocator())
    axes.set_yticks(range(len(bars)))
    axes.set_yticklabels([bar.label or bar.model for bar in bars])
    axes.set_ylim(len(bars) - 0.5, -0.5)
    axes.set_xlabel(xlabel)
    axes.set_title(title)
    axes.grid(True, axis="x", alpha=0.3)
    return save(fig, directory, filename)
