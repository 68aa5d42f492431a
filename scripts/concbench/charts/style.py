"""How every chart looks: one colour and marker per model wherever it is drawn, Python models
hollow and dashed, text readable when the PNG is shown 1,000 pixels wide, and the file written.

Readability is a rule, not a hope: a PNG shown at 1,000 px keeps its text at least 11 px tall
when font size (pt) × 1,000 / (72 × figure width in inches) ≥ 11, whatever the DPI. save()
measures every text the figure holds and writes the smallest size and the width into the PNG's
metadata, so a test can check each chart a report writes.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, MaxNLocator, NullLocator  # noqa: E402

from ..catalog import Catalog  # noqa: E402

DPI = 110
MAX_WIDTH_PX = 2000
MIN_TEXT_PX = 11             # at a display width of 1,000 px
FONT_PT = 10.5
plt.rcParams.update({"font.size": FONT_PT, "axes.titlesize": FONT_PT + 1, "axes.labelsize": FONT_PT,
                     "xtick.labelsize": FONT_PT - 0.5, "ytick.labelsize": FONT_PT - 0.5,
                     "legend.fontsize": FONT_PT - 0.5, "figure.titlesize": FONT_PT + 2})

# A qualitative palette whose neighbours differ in hue (matplotlib's tab10, then three more), given out
# to a chart's models in the catalog's order: the models a chart shows never share a colour, and
# two models next to each other in its legend never look alike.
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf",
           "#393b79", "#b8860b", "#006d5b", "#7f7f7f"]
BASELINE_COLOR = "#4d4d4d"
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "<", ">", "h", "p"]
IDEAL_STYLE = dict(color="black", linestyle="--", linewidth=1.3)
REFERENCE_STYLE = dict(color="#888888", linestyle=":", linewidth=1.2)
WHISKER = dict(elinewidth=0.9, ecolor="#333333", capsize=2.5)   # pass a copy: matplotlib writes into it


class Styles:
    """Each model's look in the charts of one workload (or one comparison): C++ models get the
    palette's colours and markers in the catalog's order, so every chart of a section shows a model
    alike; the baseline is grey; a Python model is drawn hollow and dashed in its C++ counterpart's
    colour."""

    def __init__(self, catalog: Catalog, workload: str | None = None, models=()):
        self.catalog, self.workload = catalog, workload
        cpp = [m for m in catalog.order_models(workload, models) if not self.facts(m).python]
        self.places = {m: i for i, m in enumerate(m for m in cpp if not self.facts(m).baseline)}

    def facts(self, model: str):
        if self.workload is not None:
            return self.catalog.model(self.workload, model)
        return next((f for (_, n), f in self.catalog.models.items() if n == model), None) \
            or self.catalog.model("", model)

    def is_python(self, model: str) -> bool:
        return self.facts(model).python

    def _place(self, model: str) -> int | None:
        """The model's index in the palette, None for the baseline."""
        facts = self.facts(model)
        if facts.python and facts.counterpart:
            model, facts = facts.counterpart, self.facts(facts.counterpart)
        if facts.baseline:
            return None
        if model not in self.places:
            self.places[model] = len(self.places)
        return self.places[model]

    def color(self, model: str) -> str:
        place = self._place(model)
        return BASELINE_COLOR if place is None else PALETTE[place % len(PALETTE)]

    def marker(self, model: str) -> str:
        place = self._place(model)
        return "o" if place is None else MARKERS[(place + 1) % len(MARKERS)]

    def order(self, models) -> list[str]:
        return self.catalog.order_models(self.workload, models)

    def line(self, model: str) -> dict:
        style = dict(color=self.color(model), marker=self.marker(model), linewidth=1.6, markersize=6)
        if self.is_python(model):
            style.update(linestyle=(0, (4, 2)), markerfacecolor="white", markeredgewidth=1.4)
        return style

    def bar(self, model: str) -> dict:
        if self.is_python(model):
            return dict(facecolor="white", edgecolor=self.color(model), hatch="///", linewidth=1.0)
        return dict(color=self.color(model))


def figure(width_in: float, height_in: float, panels: int = 1, columns: int | None = None, sharey: bool = False):
    """A figure of `panels` axes, `columns` to a row (all in one row by default), no wider than
    readability allows: at FONT_PT the text stays ≥ 11 px when shown 1,000 px wide. `height_in` is
    one row's height."""
    columns = min(columns or panels, panels)
    rows = -(-panels // columns)
    width_in = min(width_in, max_width_in())
    fig, axes = plt.subplots(rows, columns, figsize=(width_in, height_in * rows), sharey=sharey, squeeze=False)
    flat = [a for row in axes for a in row]
    for spare in flat[panels:]:
        spare.set_visible(False)
    return fig, flat[:panels]


def max_width_in(font_pt: float = FONT_PT - 0.5) -> float:
    """The widest figure whose smallest text, `font_pt`, is still MIN_TEXT_PX at 1,000 px shown."""
    return font_pt * 1000 / (72 * MIN_TEXT_PX)


def smallest_font(fig) -> float:
    sizes = [t.get_fontsize() for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text()]
    return min(sizes) if sizes else FONT_PT


def tight_width_in(fig) -> float:
    """The width of the PNG savefig will write (its tight bounding box adds 0.1 in on each side)."""
    fig.canvas.draw()
    return fig.get_tightbbox(fig.canvas.get_renderer()).width + 0.2


def save(fig, directory: Path, filename: str) -> str:
    """Writes the PNG with its width and smallest text in its metadata, and closes the figure.

    A legend or a label outside the axes widens the file beyond the figure; the figure is narrowed
    (its axes, not its text) until the smallest text stays readable at 1,000 px shown."""
    widest = max_width_in(smallest_font(fig))
    width_in = tight_width_in(fig)
    for _ in range(6):
        if width_in <= widest:
            break
        size = fig.get_size_inches()
        fig.set_size_inches(max(3.0, size[0] - (width_in - widest) - 0.05), size[1])
        width_in = tight_width_in(fig)
    fig.savefig(directory / filename, dpi=DPI, bbox_inches="tight",
                metadata={"concbench:smallest_font_pt": f"{smallest_font(fig):.2f}",
                          "concbench:width_in": f"{width_in:.3f}"})
    plt.close(fig)
    return filename


def readable(font_pt: float, width_in: float) -> bool:
    return font_pt * 1000 / (72 * width_in) >= MIN_TEXT_PX - 1e-9


def legend_outside(fig, axes_list, styles: Styles, below: bool = False, at=None):
    """One legend for the figure listing only what was drawn, each label once, models in the
    catalog's order and references (ideal, delay) last; right of the plots, or below them."""
    handles = {}
    for axes in axes_list:
        for handle, label in zip(*axes.get_legend_handles_labels()):
            if not label.startswith("_"):
                handles.setdefault(label, handle)
    if not handles:
        return
    known = styles.order(label for label in handles if " " not in label)
    order = sorted(handles, key=lambda label: (0, known.index(label)) if label in known else (1, label))
    if below:
        fig.legend([handles[label] for label in order], order, loc="upper center", frameon=False,
                   ncol=min(4, len(order)), bbox_to_anchor=(0.5, 0.0))
    else:
        (at or axes_list[-1]).legend([handles[label] for label in order], order, loc="upper left",
                             bbox_to_anchor=(1.02, 1.0), frameon=False, borderaxespad=0)


def time_unit(values) -> tuple[str, float]:
    """The unit that puts the median of `values` (seconds) between 1 and 1000."""
    values = sorted(v for v in values if v and v > 0)
    if not values:
        return "s", 1.0
    middle = values[len(values) // 2]
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if middle >= scale:
            return unit, scale
    return "ns", 1e-9


def spans_decades(values, decades: float = 1.0) -> bool:
    values = [v for v in values if v and v > 0]
    return bool(values) and max(values) / min(values) >= 10 ** decades


def plain_number(value, _position=None) -> str:
    if value >= 1e9:
        return f"{value / 1e9:.3g}G"
    if value >= 1e6:
        return f"{value / 1e6:.3g}M"
    if value >= 1e4:
        return f"{value / 1e3:.3g}k"
    return f"{value:.4g}"


def short_seconds(value, _position=None) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if value >= scale * 0.9995 or unit == "ns":
            return f"{value / scale:.3g} {unit}"
    return ""


def log_ticks(low: float, high: float) -> list[float]:
    """Plain ticks for a log axis from low to high: the coarsest 1-2-5 style set that puts four or
    more inside, or evenly spaced ones where the range is too narrow for any (10.1 to 10.9 ms)."""
    for mantissas in ((1.0,), (1.0, 2.0, 5.0), (1.0, 2.0, 3.0, 5.0, 7.0), (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 7.0),
                      (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0)):
        ticks = [m * 10.0 ** e for e in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
                 for m in mantissas if low <= m * 10.0 ** e <= high]
        if len(ticks) >= 4:
            return ticks
    return [t for t in MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high) if low <= t <= high]


def log_axis(axes, which: str, values, formatter=plain_number, integer_ticks: bool = False, base: int = 10):
    """A log axis with plain tick labels (20, 50, 100 rather than 10^2), a little room beyond the
    data; at the data values themselves with integer_ticks (worker counts, rates)."""
    values = [v for v in values if v and v > 0]
    (axes.set_xscale if which == "x" else axes.set_yscale)("log", base=base)
    axis = axes.xaxis if which == "x" else axes.yaxis
    if integer_ticks:
        axis.set_major_locator(FixedLocator(sorted(set(values))))
    elif values:
        low, high = min(values) / 1.15, max(values) * 1.15
        (axes.set_xlim if which == "x" else axes.set_ylim)(low, high)
        axis.set_major_locator(FixedLocator(log_ticks(low, high)))
    else:
        axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    axis.set_minor_locator(NullLocator())
    axis.set_major_formatter(FuncFormatter(formatter))
