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


def flattening(analysis: Analysis, benchmarks) -> tuple | None:
    """For a memory-bound problem: the best speedup at each worker count, the count past which it
    grows by less than 10%, and the best model's share of the probe's bandwidth there."""
    best: dict = {}
    for bench in benchmarks:
        result = analysis.result(bench)
        if result.speedup is None or bench.workers is None or result.beyond_limit:
            continue
        if bench.workers not in best or result.speedup.value > best[bench.workers][0]:
            best[bench.workers] = (result.speedup.value, bench)
    counts = sorted(best)
    if len(counts) < 2:
        return None
    stop = counts[-1]
    for here, there in zip(counts, counts[1:]):
        if best[there][0] < best[here][0] * 1.10:
            stop = here
            break
    bench = best[stop][1]
    measured, probe = bench.counter("bandwidth_bytes_per_s"), bench.counter("probe_bandwidth_bytes_per_s")
    share = measured / probe if measured and probe else None
    return stop, best[stop][0], bench.model, share, measured, stop < counts[-1]


def bandwidth_panel(analysis: Analysis, title: str, benchmarks) -> Panel | None:
    """Bandwidth (GB/s) against workers per model, and the probe's bandwidth as the reference."""
    series, probes = {}, {}
    for bench in benchmarks:
        estimate = bench.counter_estimate("bandwidth_bytes_per_s")
        if estimate is None or bench.workers is None:
            continue
        beyond = analysis.result(bench).beyond_limit
        series.setdefault(bench.model, []).append(Point(bench.workers, estimate.value / 1e9,
                                                        None if estimate.low is None else estimate.low / 1e9,
                                                        None if estimate.high is None else estimate.high / 1e9, beyond))
        probe = bench.counter("probe_bandwidth_bytes_per_s")
        if probe:
            probes.setdefault(bench.workers, []).append(probe / 1e9)
    if not series:
        return None
    reference = tuple(sorted((w, sorted(v)[len(v) // 2]) for w, v in probes.items()))
    references = (Reference("read bandwidth the probe measured beside it", reference),) if len(reference) >= 2 else ()
    return Panel(title, {m: sorted(p, key=lambda q: q.x) for m, p in series.items()}, references)


def memory_bound_section(doc: Document, analysis: Analysis, workload: str, styles: Styles, directory: Path):
    """Bandwidth against workers at the largest size, and where the speedup flattens, next to the
    compute-bound sum's."""
    run = analysis.run
    entries = [b for b in run.ok(workload) if not run.facts(b).python and b.counter("bytes")]
    if not entries:
        return compute_section(doc, analysis, workload, styles, directory)
    largest = max(b.counter("bytes") for b in entries)
    big = [b for b in entries if b.counter("bytes") == largest]
    panel = bandwidth_panel(analysis, f"{largest / 2 ** 20:,.0f} MiB", big)
    spec = Axes("workers", "read bandwidth (GB/s)", integer_x=True, y_from_zero=True)
    chart = lines_chart([panel] if panel else [], styles, f"{workload}: how much of the memory bandwidth does each "
                        "model use?\n(higher is better; the dashed line is the probe's)", spec, directory,
                        f"{workload}_bandwidth.png", panel_width=6.5)
    if chart:
        doc.image(chart, f"{workload} bandwidth vs workers")
    found = flattening(analysis, [b for b in big if not run.facts(b).baseline])
    compute = [w for w in run.catalog.of_kind(run.workloads(), "compute") if run.ok(w)]
    if found:
        stop, speedup, model, share, measured, flattened = found
        where = (f"{speedup:.2f}× with {model}"
                 + (f", {measured / 1e9:.1f} GB/s, {share:.0%} of the bandwidth the probe measured" if share else ""))
        text = (f"At {largest / 2 ** 20:,.0f} MiB the best speedup stops growing at {stop:.0f} worker"
                f"{'s' if stop != 1 else ''} ({where})." if flattened else
                f"At {largest / 2 ** 20:,.0f} MiB the speedup still grows up to the most workers measured, {stop:.0f} "
                f"({where}): on this machine memory does not yet bound this size.")
        if compute and flattened:
            cpu = flattening(analysis, [b for b in run.ok(compute[0]) if not run.facts(b).baseline
                                        and not run.facts(b).python and b.problem == max(
                                            (x.problem for x in run.ok(compute[0])), key=str)])
            if cpu:
                text += (f" The compute-bound `{compute[0]}`, whose terms never leave the registers, reaches "
                         f"{cpu[1]:.2f}× at {cpu[0]:.0f} workers: memory, not cores, is this sum's limit.")
        if stop <= 1:
            text += " One core already saturates memory on this machine."
        doc.paragraph(text)
    compute_section(doc, analysis, workload, styles, directory)
