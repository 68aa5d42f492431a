"""Sections of the workloads that serve requests (and of queues, whose items have latencies too):
how close each model gets to Little's law as concurrency grows, what a request in flight costs,
throughput beside wrk, latency by percentile, and the open loop's saturation."""

from __future__ import annotations

from pathlib import Path

from .. import request_latency as rl
from ..analysis import Analysis
from ..charts.lines import Axes, Panel, Point, Reference, lines_chart
from ..charts.style import REFERENCE_STYLE, Styles
from ..document import Document
from ..formatting import describe_args, format_bytes, format_rate, format_seconds, seconds_text


def fastest_per_concurrency(benchmarks) -> list:
    """One entry per (model, case but workers): a model's best worker count at each concurrency."""
    fastest: dict[tuple, object] = {}
    for bench in benchmarks:
        slot = (bench.model, tuple((k, v) for k, v in bench.args.items() if k != "workers"))
        if slot not in fastest or bench.time_s < fastest[slot].time_s:
            fastest[slot] = bench
    return list(fastest.values())


def by_problem_and_language(analysis: Analysis, workload: str, counter: str | None = None) -> dict:
    """{(python, problem): [entries]} of the closed loop's cases with a concurrency: one panel each."""
    run = analysis.run
    entries = [b for b in run.ok(workload) if not b.open_loop and "concurrency" in b.args
               and (counter is None or b.counter(counter) is not None)]
    groups: dict[tuple, list] = {}
    for bench in fastest_per_concurrency(entries):
        groups.setdefault((run.facts(bench).python, bench.problem), []).append(bench)
    return groups


def title_of(python: bool, problem) -> str:
    return ("Python: " if python else "") + describe_args(problem)


def efficiency_chart(analysis: Analysis, workload: str, styles: Styles, directory: Path) -> str | None:
    """Efficiency against concurrency, a panel per problem measured at two concurrencies or more."""
    panels = []
    for (python, problem), group in sorted(by_problem_and_language(analysis, workload).items(),
                                           key=lambda item: (item[0][0], str(item[0][1]))):
        if len({b.arg("concurrency") for b in group}) < 2:
            continue
        series = {}
        for bench in group:
            result = analysis.result(bench)
            if result.efficiency is None:
                continue
            e = result.efficiency
            series.setdefault(bench.model, []).append(Point(bench.arg("concurrency"), e.value, e.low, e.high,
                                                            beyond=result.beyond_limit))
        if series:
            panels.append(Panel(title_of(python, problem), {m: sorted(p, key=lambda q: q.x) for m, p in series.items()},
                                (Reference("ideal (Little's law: ⌈N/C⌉ × L)", y=1.0),)))
    spec = Axes("concurrency C (requests in flight)", "efficiency (ideal / measured)", xlog=True, integer_x=True,
                y_format=lambda v, _: f"{v:.0%}", y_from_zero=True, y_top_at_least=1.05)
    return lines_chart(panels, styles, f"{workload}: how close does each model get to Little's law as "
                       "concurrency grows?\n(higher is better; 100% is the limit)", spec, directory,
                       f"{workload}_efficiency.png")


def memory_chart(analysis: Analysis, workload: str, styles: Styles, directory: Path) -> str | None:
    """Memory per request in flight against concurrency: what each waiting request costs."""
    panels = []
    for (python, problem), group in by_problem_and_language(analysis, workload, "bytes_per_inflight").items():
        series = {}
        for bench in group:
            value = bench.counter("bytes_per_inflight")
            if value and value > 0:          # nothing measurable: nothing to draw on a log axis
                series.setdefault(bench.model, []).append(Point(bench.arg("concurrency"), value))
        if series:
            panels.append(Panel(title_of(python, problem), {m: sorted(p, key=lambda q: q.x) for m, p in series.items()}))
    spec = Axes("concurrency C (requests in flight)", "memory per request in flight", xlog=True, integer_x=True,
                ylog=True, y_format=lambda v, _: format_bytes(v))
    return lines_chart(panels, styles, f"{workload}: what does each request in flight cost in memory?\n"
                       "(lower is better)", spec, directory, f"{workload}_memory.png", columns=3)


def throughput_chart(analysis: Analysis, workload: str, styles: Styles, directory: Path) -> str | None:
    """Requests/s of each client beside wrk's, at the problems wrk measured."""
    panels = []
    for (python, problem), group in by_problem_and_language(analysis, workload).items():
        wrk = {}
        for bench in group:
            value = bench.counter("wrk_requests_per_s")
            if value is not None:
                wrk.setdefault(bench.arg("concurrency"), []).append(value)
        if not wrk:
            continue
        series = {}
        for bench in group:
            series.setdefault(bench.model, []).append(Point(bench.arg("concurrency"), bench.arg("requests") / bench.time_s))
        wrk_points = tuple(sorted((c, sorted(v)[len(v) // 2]) for c, v in wrk.items()))
        panels.append(Panel(title_of(python, problem), {m: sorted(p, key=lambda q: q.x) for m, p in series.items()},
                            (Reference("wrk (the reference client)", wrk_points),)))
    spec = Axes("concurrency C (connections)", "requests per second", xlog=True, integer_x=True, y_from_zero=True)
    return lines_chart(panels, styles, f"{workload}: how close does each client come to wrk's throughput?\n"
                       "(higher is better)", spec, directory, f"{workload}_throughput.png")


def request_section(doc: Document, analysis: Analysis, workload: str, styles: Styles, directory: Path):
    chart = efficiency_chart(analysis, workload, styles, directory)
    if chart:
        doc.paragraph("Efficiency = ideal / measured time, where the ideal is ⌈N/C⌉ × L (Little's law) with the "
                      "requests the model really keeps in flight; 100% is the limit. Whiskers are 95% intervals.")
        doc.image(chart, f"{workload} efficiency vs concurrency")
    memory = memory_chart(analysis, workload, styles, directory)
    if memory:
        doc.paragraph("Memory each in-flight request costs (a thread's stack vs a coroutine frame).")
        doc.image(memory, f"{workload} memory per in-flight request")
    throughput = throughput_chart(analysis, workload, styles, directory)
    if throughput:
        doc.paragraph("Requests per second of each client beside wrk's measurement of the same server: "
                      "wrk is the reference a C++ client is judged against.")
        doc.image(throughput, f"{workload} throughput vs wrk")


def percentile_panels(analysis: Analysis, workload: str, cases) -> list[Panel]:
    """A panel per case, C++ and Python models apart; x is the nines position of each percentile."""
    run = analysis.run
    unit = run.catalog.workload(workload).unit
    panels = []
    for case in cases:
        for python in (False, True):
            curves = {m: [Point(x, s * 1e3) for _, x, s in points] for m, points in case.curves.items()
                      if run.catalog.is_python(workload, m) == python}
            if not curves:
                continue
            references = (Reference(f"delay L = {format_seconds(case.delay_s)} (no {unit} is faster)",
                                    y=case.delay_s * 1e3, style=dict(REFERENCE_STYLE)),) if case.delay_s else ()
            panels.append(Panel(("Python: " if python else "") + f"{case.label}\n({case.why})", curves, references))
    return panels


def percentile_chart(analysis: Analysis, workload: str, cases, styles: Styles, directory: Path) -> str | None:
    unit = analysis.catalog.workload(workload).unit
    positions = [rl.nines(p) for _, p, _ in rl.PERCENTILES]
    panels = percentile_panels(analysis, workload, cases)
    spec = Axes(f"percentile of {unit}s (each step right: 10× rarer)", f"latency per {unit} (ms, log scale)",
                ylog=True, x_ticks=tuple(positions), x_labels=tuple(label for label, _, _ in rl.PERCENTILES))
    return lines_chart(panels, styles, f"{workload}: how long do the slowest {unit}s wait?\n"
                       "(latency by percentile; lower and flatter is better)", spec, directory,
                       f"{workload}_latency_percentiles.png")


def percentile_subsection(doc: Document, analysis: Analysis, workload: str, styles: Styles, directory: Path):
    """Every model's latency by percentile at the workload's representative cases."""
    cases = rl.percentile_cases(analysis.run, workload)
    if not cases:
        return
    what = analysis.catalog.workload(workload).unit
    where = "; ".join(f"{c.label} ({c.why})" for c in cases)
    doc.paragraph(f"**Latency per {what}, by percentile** ({where}). Each line is one model: the latency its "
                  f"{what}s took at the 50th, 90th, 99th and 99.9th percentile and the slowest one (max), nearest "
                  f"rank over every {what} of its timed calls, median over the processes. The x axis counts nines, "
                  f"so each step to the right is a ten times rarer {what}, and the y axis is logarithmic: a flat "
                  f"line means every {what} took about as long as the typical one; a line that climbs to the right "
                  f"means a few waited much longer (behind others in a queue, on a thread the kernel did not run, on "
                  f"a loop busy with something else), and the right end is what a user who makes many {what}s "
                  "meets. "
                  + (f"The dotted line is the delay itself, which no {what} can beat. " if cases[0].delay_s else "")
                  + (f"Here a {what} counts from when the model takes it up (a closed loop), so the wait for a "
                     "free lane is not in it; the open loop below counts from when it was due."
                     if analysis.catalog.workload(workload).overlap else "")
                  + f" With fewer than 1,000 {what}s in all, 99.9% is the slowest one.")
    doc.image(percentile_chart(analysis, workload, cases, styles, directory), f"{workload} latency by percentile")


def offered_load_panels(sweeps) -> list[Panel]:
    """A panel per case swept: p99 against the offered rate per model, and the saturation threshold."""
    panels = []
    for config in dict.fromkeys(s.config for s in sweeps):
        members = {s.model: s for s in sweeps if s.config == config}
        series = {m: [Point(p.rate, p.p99_s * 1e3) for p in s.points] for m, s in members.items()}
        threshold = next(iter(members.values())).threshold_s * 1e3
        references = (Reference("saturation threshold (2 × delay)", y=threshold),) if threshold > 0 else ()
        panels.append(Panel(describe_args(config), series, references))
    return panels


def offered_load_chart(analysis: Analysis, workload: str, sweeps, styles: Styles, directory: Path) -> str | None:
    panels = offered_load_panels(sweeps)
    spec = Axes("offered rate (requests/s, log scale)", "p99 latency (ms, log scale)", xlog=True, ylog=True,
                integer_x=True)
    return lines_chart(panels, styles, f"{workload}: at what offered load does each model's p99 shoot up?\n"
                       "(open loop; lower is better)", spec, directory, f"{workload}_p99_vs_offered_load.png")


def open_loop_subsection(doc: Document, analysis: Analysis, workload: str, styles: Styles, directory: Path):
    """p99 against offered load, each model's saturation point and what happens past it."""
    run = analysis.run
    sweeps = rl.sweeps(run, workload)
    if not sweeps:
        return
    order = run.order(workload, {s.model for s in sweeps})
    sweeps.sort(key=lambda s: (order.index(s.model), tuple(map(str, s.config))))
    doc.heading("Open loop: latency under offered load", 3)
    doc.paragraph("Here requests start on a fixed schedule of R per second whatever the model does, as wrk2 "
                  "sends them, and each one's latency counts from when it was due: a model that falls behind is "
                  "charged for every request it kept waiting, which a closed loop hides. Below a model's capacity "
                  "its p99 stays near the delay; past it, late requests queue up for as long as the schedule runs "
                  "and p99 shoots up, the hockey stick. The dashed line is 2 × the delay, where this report calls a "
                  "model saturated. Both axes are logarithmic.")
    doc.image(offered_load_chart(analysis, workload, sweeps, styles, directory), f"{workload} p99 latency vs offered load")
    seconds = format_seconds
    rows = []
    for sweep in sweeps:
        saturation = sweep.saturation
        at = next((p for p in sweep.points if p.rate == saturation.rate), None)
        above = saturation.first_above
        rows.append((sweep.model, sweep.label, ", ".join(format_rate(p.rate) for p in sweep.points),
                     saturation.text(), seconds(at.p99_s) if at else "–",
                     format_rate(above.rate) if above else "–",
                     f"{seconds(above.p99_s)} ({seconds(above.p99_first_s)} → {seconds(above.p99_last_s)})"
                     if above else "–"))
    doc.table(("Model", "Case", "Rates offered (requests/s)", "Saturation point (requests/s)", "p99 there",
               "First rate above", "p99 there (first → last quarter)"), rows,
              numeric=(False, False, False, True, True, True, True))
    doc.paragraph("The **saturation point** is the highest offered rate at which p99 stays below 2 × the delay, "
                  "there and at every lower rate: “≥ R (not reached)” when even the highest rate tested stays "
                  "below, “< R” when the lowest is already above; a “?” when p99 went back under the "
                  "threshold at a higher rate, since more load cannot make requests faster: the excess was a "
                  "stall of the machine (this VM's host pauses a process for ~20 ms now and then), and the point "
                  "is in doubt. The last column splits the schedule: p99 of "
                  "its first quarter against its last. Alike, the model is slower per request but keeps pace; "
                  f"the last quarter more than {rl.GROWTH_FACTOR:g} × the first, requests fall further "
                  "behind the longer the schedule runs.")
    findings = [f"**{s.model}** ({s.label}): {text}" for s in sweeps for text in [rl.sweep_findings(s)] if text]
    if findings:
        doc.bullets(findings)
    doc.table(("Model", "Case", "Offered (requests/s)", "Achieved (requests/s)", "p50", "p99",
               "p99 first quarter", "p99 last quarter", "max", "Time"),
              [(s.model, s.label, format_rate(p.rate), format_rate(p.achieved_rate),
                seconds(p.bench.counter("latency_p50_s")), seconds(p.p99_s), seconds(p.p99_first_s),
                seconds(p.p99_last_s), seconds(p.bench.counter("latency_max_s")), seconds_text(p.bench.time_estimate))
               for s in sweeps for p in s.points],
              numeric=(False, False, True, True, True, True, True, True, True, True))
