"""compare.py's chart: the time ratio of a contender to the baseline, per workload and model."""

from __future__ import annotations

from pathlib import Path

from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from .style import Styles, figure, legend_outside, save


def ratio_ticks(low: float, high: float) -> list[float]:
    """Readable ratio ticks (…, 0.5, 0.8, 1, 1.25, 2, …) inside [low, high], at most about ten."""
    candidates = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.33, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.25,
                  1.5, 2.0, 3.0, 4.0, 5.0, 10.0, 20.0, 50.0, 100.0]
    inside = [t for t in candidates if low <= t <= high]
    coarse = [t for t in inside if t in (0.01, 0.1, 0.5, 1.0, 2.0, 10.0, 100.0, 0.05, 0.2, 5.0, 20.0, 50.0)]
    return inside if len(inside) <= 10 else coarse


def ratio_chart(ratios: dict, styles: Styles, baseline: str, contender: str, directory: Path,
                filename: str) -> str | None:
    """Geometric-mean time ratio contender/baseline per workload (groups) and model (colours), in
    the given workload order. Bars grow from 1 (no change): down means the contender is faster."""
    if len(ratios) < 2:
        return None
    workloads = list(dict.fromkeys(w for w, _ in ratios))
    models = styles.order({m for _, m in ratios})
    fig, (axes,) = figure(max(7.0, 1.4 + 0.32 * len(ratios) + 0.4 * len(workloads) + 1.9), 4.8)
    x = 0.0
    centres, bar_values = [], []
    for workload in workloads:
        present = [m for m in models if (workload, m) in ratios]
        start = x
        for model in present:
            ratio = ratios[(workload, model)]
            axes.bar(x, ratio - 1.0, 0.8, bottom=1.0, label=model, **styles.bar(model))
            bar_values.append(ratio)
            x += 1
        centres.append((start + x - 1) / 2)
        x += 0.8
    axes.set_yscale("log")
    values = list(ratios.values())
    low, high = min(values + [1.0]), max(values + [1.0])
    margin = max(1.08, (high / low) ** 0.08)
    axes.set_ylim(low / margin, high * margin)
    axes.yaxis.set_major_locator(FixedLocator(ratio_ticks(low / margin, high * margin)))
    axes.yaxis.set_minor_locator(NullLocator())
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    axes.axhline(1.0, color="black", linewidth=1.0)
    axes.set_xticks(centres)
    axes.set_xticklabels(workloads)
    axes.set_ylabel(f"time ratio {contender} / {baseline} (log scale)")
    axes.set_title(f"Where is {contender} faster than {baseline}? Geometric mean per workload and model; "
                   f"below 1: {contender} faster")
    axes.grid(True, axis="y", which="both", alpha=0.3)
    legend_outside(fig, [axes], styles)
    return save(fig, directory, filename)
