"""scripts/history's chart: a subject's level run by run, with the change points found."""

from __future__ import annotations

from pathlib import Path

from .style import IDEAL_STYLE, WHISKER, figure, save, time_unit


def history_chart(analysis, intervals: dict, labels: list[str], directory: Path, filename: str) -> str | None:
    """Levels (seconds, or a geometric mean ratio when `intervals` is empty) over the runs of the
    history; whiskers where a run's 95% interval is known; a dashed line at each change point."""
    points = [(i, level) for i, level in enumerate(analysis.levels) if level is not None]
    if len(points) < 2:
        return None
    timed = bool(intervals)
    unit, scale = time_unit([level for _, level in points]) if timed else ("", 1.0)
    fig, (axes,) = figure(9.5, 4.2)
    xs = [i for i, _ in points]
    ys = [level / scale for _, level in points]
    axes.plot(xs, ys, marker="o", color="#1f77b4", linewidth=1.4, label="median of the run")
    for i, _ in points:
        low_high = intervals.get(analysis.history_run_ids[i])
        if low_high:
            level = analysis.levels[i] / scale
            axes.errorbar(i, level, yerr=[[level - low_high[0] / scale], [low_high[1] / scale - level]], fmt="none",
                          **{**WHISKER, "ecolor": "#1f77b4"})
    for point in analysis.change_points:
        axes.axvline(point.index - 0.5, label=f"change: {point.ratio:.2f}× from run {point.run_id}", **IDEAL_STYLE)
    axes.set_xticks(xs)
    axes.set_xticklabels([labels[i] for i in xs], rotation=45, ha="right")
    axes.set_ylabel(f"time ({unit})" if timed else "geometric mean time (relative)")
    axes.set_title(f"{analysis.subject}: has it changed over the runs?\n(lower is faster; whiskers: 95% intervals)")
    axes.grid(True, alpha=0.3)
    axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, borderaxespad=0)
    return save(fig, directory, filename)
