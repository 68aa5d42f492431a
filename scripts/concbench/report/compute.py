"""Sections of the compute and memory workloads: how each model's speedup grows with workers,
against the limit every entry states (its serial time over its ideal)."""

from __future__ import annotations

from pathlib import Path

from ..analysis import Analysis
from ..charts.lines import Axes, Panel, Point, Reference, lines_chart
from ..charts.style import Styles
from ..document import Document
from ..formatting import describe_args
from ..machine import cores

PANELS = 1           # the largest problem: small ones are dominated by start-up costs, and noisy


def speedup_panel(analysis: Analysis, title: str, benchmarks) -> Panel | None:
    """Speedup against workers per model, whiskers its interval; the reference is the largest
    limit any entry states at each worker count (min(workers, cores) for CPU work)."""
    series, limits = {}, {}
    for bench in benchmarks:
        result = analysis.result(bench)
        workers = bench.workers
        if result.speedup is None or workers is None:
            continue
        estimate = result.speedup
        series.setdefault(bench.model, []).append(Point(workers, estimate.value, estimate.low, estimate.high,
                                                        beyond=result.beyond_limit))
        if result.limit:
            limits[workers] = max(limits.get(workers, 0.0), result.limit)
    if not series:
        return None
    references = (Reference("limit (each entry's serial time / its ideal)", tuple(sorted(limits.items()))),) \
        if len(limits) >= 2 else ()
    return Panel(title, {m: sorted(points, key=lambda p: p.x) for m, points in series.items()}, references)


def speedup_chart(analysis: Analysis, workload: str, styles: Styles, directory: Path) -> str | None:
    """One panel for each of the largest problems the C++ models ran, and one for the Python models
    (their speedups rest on Python's own serial loop, so they get an axis of their own)."""
    run = analysis.run
    parallel = [b for b in run.ok(workload) if not run.facts(b).baseline and not b.open_loop]
    panels = []
    for python in (False, True):
        members = [b for b in parallel if run.facts(b).python == python]
        problems: dict[tuple, list] = {}
        for bench in members:
            problems.setdefault(bench.problem, []).append(bench)
        ranked = sorted(problems, key=lambda p: (len({b.workers for b in problems[p]}) >= 2,
                                                 tuple(v if isinstance(v, (int, float)) else 0 for _, v in p)))
        for problem in ranked[-(PANELS if not python else 1):]:
            title = ("Python: " if python else "") + (describe_args(problem) or workload)
            panel = speedup_panel(analysis, title, problems[problem])
            if panel:
                panels.append(panel)
    workers = sorted({p.x for panel in panels for points in panel.series.values() for p in points})
    spec = Axes("workers", "speedup over serial (×)", xlog=bool(workers) and max(workers) / min(workers) >= 8,
                integer_x=True, y_from_zero=True)
    return lines_chart(panels, styles, f"{workload}: how does each model's speedup grow with workers?\n"
                       "(higher is better; whiskers: 95% intervals)", spec, directory, f"{workload}_speedup.png")


def compute_section(doc: Document, analysis: Analysis, workload: str, styles: Styles, directory: Path):
    chart = speedup_chart(analysis, workload, styles, directory)
    if chart:
        doc.paragraph(f"Speedup over serial as workers grow, with {cores(analysis.run.context)} cores; the dashed "
                      "line is the limit the entries state (their serial time over their ideal: min(workers, "
                      "cores) for work that splits evenly, less where a few big jobs bound it). Past the core "
                      "count, more workers only add overhead. Whiskers are 95% intervals over the processes; a "
                      "value beyond its limit is drawn hollow at the top edge and listed under Anomalies.")
        doc.image(chart, f"{workload} speedup vs workers")
