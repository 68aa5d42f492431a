"""compare.py's charts: every machine's time ratio to the reference, per benchmark and as geometric
means, each with its 95% interval as a whisker, on a log axis centred on 1 (no change)."""

from __future__ import annotations

from pathlib import Path

from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from .style import PALETTE, WHISKER, figure, save


def ratio_ticks(low: float, high: float) -> list[float]:
    """Readable ratio ticks (…, 0.5, 0.8, 1, 1.25, 2, …) inside [low, high], at most about ten."""
    candidates = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.33, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.25,
                  1.5, 2.0, 3.0, 4.0, 5.0, 10.0, 20.0, 50.0, 100.0]
    inside = [t for t in candidates if low <= t <= high]
    coarse = [t for t in inside if t in (0.01, 0.1, 0.5, 1.0, 2.0, 10.0, 100.0, 0.05, 0.2, 5.0, 20.0, 50.0)]
    return inside if len(inside) <= 10 else coarse


def log_ratio_axis(axis, axes, values):
    values = [v for v in values if v and v > 0] + [1.0]
    low, high = min(values), max(values)
    margin = max(1.08, (high / low) ** 0.08)
    (axes.set_ylim if axis is axes.yaxis else axes.set_xlim)(low / margin, high * margin)
    axis.set_major_locator(FixedLocator(ratio_ticks(low / margin, high * margin)))
    axis.set_minor_locator(NullLocator())
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))


def machine_color(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def geomeans_chart(means: dict, reference: str, directory: Path, filename: str) -> str | None:
    """{machine: {workload: Estimate, None: overall}}: bars per workload (and overall), one per machine."""
    machines = list(means)
    workloads = [w for w in next(iter(means.values()), {}) if w is not None] + [None]
    bars = [(w, m, means[m].get(w)) for w in workloads for m in machines if means[m].get(w) is not None]
    if len(bars) < 2:
        return None
    fig, (axes,) = figure(1.6 + 0.5 * len(bars) + 0.4 * len(workloads) + 2.2, 4.4)
    width = 0.8 / len(machines)
    for g, workload in enumerate(workloads):
        for m, machine in enumerate(machines):
            estimate = means[machine].get(workload)
            if estimate is None:
                continue
            x = g + (m - (len(machines) - 1) / 2) * width
            whisker = [[estimate.value - estimate.low], [estimate.high - estimate.value]] if estimate.has_interval else None
            axes.bar(x, estimate.value - 1.0, width * 0.9, bottom=1.0, color=machine_color(m),
                     label=machine if g == 0 else None, yerr=whisker, error_kw=dict(WHISKER))
    axes.set_yscale("log")
    log_ratio_axis(axes.yaxis, axes, [v for _, _, e in bars for v in (e.value, e.low, e.high) if v])
    axes.axhline(1.0, color="black", linewidth=1.0)
    axes.set_xticks(range(len(workloads)))
    axes.set_xticklabels([w or "overall" for w in workloads], rotation=20, ha="right")
    axes.set_ylabel(f"time / {reference}'s (log scale)")
    axes.set_title(f"How much faster or slower is each machine than {reference}?\n"
                   "Geometric mean per workload; below 1: faster; whiskers: 95% intervals")
    axes.grid(True, axis="y", which="both", alpha=0.3)
    axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, borderaxespad=0)
    return save(fig, directory, filename)


def ratios_chart(rows: list, workload: str, reference: str, directory: Path, filename: str) -> str | None:
    """[(benchmark label, {machine: Estimate})]: a row per benchmark, a point per machine with whiskers."""
    rows = [(label, found) for label, found in rows if any(e is not None for e in found.values())]
    if len(rows) < 2:
        return None
    machines = list(dict.fromkeys(m for _, found in rows for m in found))
    fig, (axes,) = figure(9.5, 0.8 + 0.32 * len(rows))
    values = []
    for m, machine in enumerate(machines):
        offset = (m - (len(machines) - 1) / 2) * 0.22
        for y, (_, found) in enumerate(rows):
            estimate = found.get(machine)
            if estimate is None:
                continue
            whisker = [[estimate.value - estimate.low], [estimate.high - estimate.value]] if estimate.has_interval else None
            axes.errorbar(estimate.value, y + offset, xerr=whisker, fmt="o", markersize=4, color=machine_color(m),
                          label=machine if y == 0 else None, **{**WHISKER, "ecolor": machine_color(m)})
            values += [v for v in (estimate.value, estimate.low, estimate.high) if v]
    axes.set_xscale("log")
    log_ratio_axis(axes.xaxis, axes, values)
    axes.axvline(1.0, color="black", linewidth=1.0)
    axes.set_yticks(range(len(rows)))
    axes.set_yticklabels([label for label, _ in rows])
    axes.set_ylim(len(rows) - 0.5, -0.5)
    axes.set_xlabel(f"time / {reference}'s (log scale; below 1: faster)")
    axes.set_title(f"{workload}: each benchmark's time against {reference}'s (whiskers: 95% intervals)")
    axes.grid(True, axis="x", which="both", alpha=0.3)
    axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, borderaxespad=0)
    return save(fig, directory, filename)
