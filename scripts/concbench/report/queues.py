"""Sections of the queue workloads: how close each model's throughput comes to the slowest
stage's rate, in each delivery mode (fire-and-forget, backpressure, request-response)."""

from __future__ import annotations

from pathlib import Path

from ..analysis import Analysis
from ..charts.bars import Bar, grouped_bars_chart
from ..charts.style import Styles
from ..document import Document
from ..runs import format_arg


def efficiency_panels(analysis: Analysis, workload: str) -> list:
    """A panel per kind of stage (C++ and Python apart: their stages do different amounts of work),
    bars grouped by the arguments that vary inside it (the delivery mode)."""
    run = analysis.run
    panels: dict[tuple, list] = {}
    for bench in run.ok(workload):
        if analysis.result(bench).efficiency is not None:
            panels.setdefault((run.facts(bench).python, tuple(bench.args)), []).append(bench)
    found = []
    for (python, names), members in sorted(panels.items(), key=lambda item: (item[0][0], item[0][1])):
        varying = [k for k in names if len({b.args[k] for b in members}) > 1]
        fixed = ", ".join(f"{k}={format_arg(members[0].args[k])}" for k in names if k not in varying)
        groups: dict[tuple, list] = {}
        for bench in members:
            e = analysis.result(bench)
            estimate = e.efficiency
            groups.setdefault(tuple(bench.args[k] for k in varying), []).append(
                Bar(bench.model, estimate.value, estimate.low, estimate.high, ideal=1.0, beyond=e.beyond_limit))
        labelled = [(" ".join(f"{k}={format_arg(v)}" for k, v in zip(varying, key)) or "all", bars)
                    for key, bars in sorted(groups.items(), key=lambda item: tuple(map(str, item[0])))]
        found.append((("Python: " if python else "") + fixed, labelled))
    return found


def queue_section(doc: Document, analysis: Analysis, workload: str, styles: Styles, directory: Path):
    chart = grouped_bars_chart(efficiency_panels(analysis, workload), styles,
                               f"{workload}: how close does each model come to the slowest stage's rate?\n"
                               "(efficiency = ideal time / measured time; higher is better)",
                               "efficiency", directory, f"{workload}_efficiency.png",
                               value_format=lambda v: f"{v:.0%}", log=False)
    if chart:
        doc.paragraph("Each model's efficiency in each delivery mode: the time the slowest stage alone would take "
                      "(the `ideal_s` counter; its rate is `ideal_items_per_s`) over the time taken. 100% is the "
                      "limit (black ticks); whiskers are 95% intervals over the processes.")
        doc.image(chart, f"{workload} efficiency per model and mode")
