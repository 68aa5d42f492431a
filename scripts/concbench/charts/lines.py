"""Line charts: one or more panels, one line per model with its 95% interval as whiskers, and the
references a reader measures against (the ideal, the delay, a threshold).

A point beyond its physical limit (an anomaly, decided by the analysis) is not a data point: it
is left out of its line and drawn hollow at the edge of the axis, labelled with its value, so it
neither passes for a result nor stretches the axis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .style import IDEAL_STYLE, WHISKER, Styles, figure, legend_outside, log_axis, plain_number, save


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    low: float | None = None          # the 95% interval, drawn as a whisker
    high: float | None = None
    beyond: bool = False              # beyond its limit: drawn hollow at the axis edge, not as data


@dataclass(frozen=True)
class Reference:
    """A line to measure against: through `points`, or across the panel at `y`."""

    label: str
    points: tuple = ()
    y: float | None = None
    style: dict = field(default_factory=lambda: dict(IDEAL_STYLE))


@dataclass(frozen=True)
class Panel:
    title: str
    series: dict                      # model -> [Point] in x order
    references: tuple = ()
    marks: tuple = ()                 # (model, x, y, label): a star on a model's line (a break-even)


@dataclass(frozen=True)
class Axes:
    """How a chart's axes read; the same for every panel of the chart."""

    xlabel: str
    ylabel: str
    xlog: bool = False
    ylog: bool = False
    integer_x: bool = False           # ticks at the data's x values (worker counts, rates)
    x_ticks: tuple = ()               # fixed ticks and their labels (the nines of a percentile axis)
    x_labels: tuple = ()
    y_format: Callable | None = None
    y_from_zero: bool = False
    y_top_at_least: float | None = None
    x_format: Callable = plain_number
    share_y: bool = True              # every panel on one y range, so panels compare at a glance


def has_line(panel: Panel) -> bool:
    """A panel is worth drawing only with a line: some series of two points or more."""
    return any(sum(1 for p in points if not p.beyond) >= 2 for points in panel.series.values())


def lines_chart(panels: list[Panel], styles: Styles, title: str, axes_spec: Axes, directory: Path, filename: str,
                panel_width: float = 4.6, height: float = 3.9, columns: int = 2) -> str | None:
    """Draws the panels, `columns` to a row, with one legend; None when no series has two points."""
    panels = [p for p in panels if p.series and has_line(p)]
    if not panels:
        return None
    across = min(columns, len(panels))
    fig, axes_list = figure(0.9 + panel_width * across + 2.2, height, len(panels), across)
    for axes, panel in zip(axes_list, panels):
        draw_panel(axes, panel, styles, axes_spec)
    if axes_spec.share_y and len(axes_list) > 1:
        low = min(a.get_ylim()[0] for a in axes_list)
        high = max(a.get_ylim()[1] for a in axes_list)
        for axes in axes_list:
            axes.set_ylim(low, high)
            if axes_spec.ylog:
                from .style import log_ticks
                from matplotlib.ticker import FixedLocator
                axes.yaxis.set_major_locator(FixedLocator(log_ticks(low, high)))
    for index, axes in enumerate(axes_list):
        if index % across == 0:
            axes.set_ylabel(axes_spec.ylabel)
    fig.suptitle(title)
    fig.tight_layout()
    legend_outside(fig, axes_list, styles, at=axes_list[across - 1])
    return save(fig, directory, filename)


def draw_panel(axes, panel: Panel, styles: Styles, spec: Axes):
    data_y, data_x, beyond = [], [], []
    for model in styles.order(panel.series):
        points = [p for p in panel.series[model] if not p.beyond]
        beyond += [(model, p) for p in panel.series[model] if p.beyond]
        if not points:
            continue
        style = styles.line(model)
        if len(points) == 1:
            style["linestyle"] = "none"
        xs, ys = [p.x for p in points], [p.y for p in points]
        axes.plot(xs, ys, label=model, **style)
        whiskers = [(p.x, p.y, p.y - p.low, p.high - p.y) for p in points if p.low is not None and p.high is not None]
        if whiskers:
            wx, wy, below, above = zip(*whiskers)
            axes.errorbar(wx, wy, yerr=[below, above], fmt="none", **{**WHISKER, "ecolor": style["color"]})
        data_x += xs
        data_y += ys + [p.low for p in points if p.low is not None] + [p.high for p in points if p.high is not None]
    for reference in panel.references:
        if reference.y is not None:
            axes.axhline(reference.y, label=reference.label, **reference.style)
            data_y.append(reference.y)
        elif reference.points:
            xs, ys = zip(*reference.points)
            axes.plot(xs, ys, label=reference.label, **reference.style)
            data_y += list(ys)
    for model, x, y, label in panel.marks:
        axes.plot(x, y, marker="*", markersize=15, color=styles.color(model), markeredgecolor="black",
                  linestyle="none", zorder=5, label=label)
    shape_axes(axes, spec, data_x + [p.x for _, p in beyond], data_y)
    if beyond:
        top = axes.get_ylim()[1]
        stacked: dict = {}            # labels at the same x go one under another, not on top of each other
        last_x = max(p.x for _, p in beyond + [(None, q) for points in panel.series.values() for q in points])
        for model, point in beyond:
            axes.plot(point.x, top, marker="^", markersize=9, markerfacecolor="white",
                      markeredgecolor=styles.color(model), linestyle="none", clip_on=False, zorder=6)
            text = spec.y_format(point.y, None) if spec.y_format else f"{point.y:.3g}"
            below = stacked[point.x] = stacked.get(point.x, 0) + 1
            leftwards = point.x == last_x   # the last x is at the legend: its labels go to the left
            axes.annotate(f"{model} {text}", (point.x, top), xytext=(-7 if leftwards else 7, -12 * below),
                          textcoords="offset points", fontsize=9.5, color="#a00000",
                          ha="right" if leftwards else "left")
        axes.plot([], [], marker="^", markerfacecolor="white", markeredgecolor="#a00000", linestyle="none",
                  label="median beyond its limit: not a result")
    axes.set_title(panel.title)
    axes.set_xlabel(spec.xlabel)
    axes.grid(True, which="both", alpha=0.3)


def shape_axes(axes, spec: Axes, xs, ys):
    if spec.xlog and xs:
        log_axis(axes, "x", xs, spec.x_format, integer_ticks=spec.integer_x)
    elif spec.integer_x and xs:
        axes.set_xticks(sorted(set(xs)))
    if spec.x_ticks:
        axes.set_xticks(list(spec.x_ticks))
        axes.set_xticklabels(list(spec.x_labels))
        axes.set_xlim(min(spec.x_ticks) - 0.2, max(spec.x_ticks) + 0.2)
    if spec.ylog and ys:
        log_axis(axes, "y", ys, spec.y_format or plain_number)
    else:
        top = max(ys) * 1.05 if ys else 1.0
        if spec.y_top_at_least is not None:
            top = max(top, spec.y_top_at_least)
        if spec.y_from_zero:
            axes.set_ylim(0, top)
        if spec.y_format:
            from matplotlib.ticker import FuncFormatter
            axes.yaxis.set_major_formatter(FuncFormatter(spec.y_format))
