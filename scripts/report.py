#!/usr/bin/python3
"""Turn concbench's Google Benchmark JSON into a report: DIR/report.md, a self-contained
DIR/index.html (charts embedded, opens offline) and the charts as PNG files.

Several JSON files are merged, later files winning on duplicate benchmark names, so a suite run
in parts gives one report. Prints the path of index.html. Exit status 2 on bad input.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime
from pathlib import Path

from concbench import charts, overheads, peers, quality, request_latency, results
from concbench.document import Document, write_output_dir

REPOSITORY = Path(__file__).resolve().parent.parent

# Workloads with a dedicated section (besides overheads.OVERHEAD_WORKLOADS); any other gets the generic one.
LATENCY_FAMILY = ("latency", "http", "mixed")


def default_output_dir(run: results.Run) -> Path:
    """reports/<host>-<date> in the repository, as DESIGN.md lays out."""
    host = re.sub(r"[^A-Za-z0-9._-]+", "_", results.run_label(run))
    date = str(run.context.get("date", ""))
    try:
        stamp = datetime.fromisoformat(date).strftime("%Y-%m-%d-%H%M")
    except ValueError:
        stamp = re.sub(r"[^0-9A-Za-z-]+", "-", date).strip("-") or "undated"
    return REPOSITORY / "reports" / f"{host}-{stamp}"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def describe_config(config: dict) -> str:
    return ", ".join(f"{k}={results.format_arg(v)}" for k, v in config.items())


def factor_text(estimate) -> str:
    return results.format_interval(estimate, results.format_factor)


def percent_text(estimate) -> str:
    return results.format_interval(estimate, results.format_percent)


def seconds_text(estimate) -> str:
    return results.format_interval(estimate, results.format_seconds)


def bounded_efficiency_text(run: results.Run, bench: results.Benchmark) -> str:
    """Efficiency with its interval; one above 100% within its interval and the baseline's accuracy
    is noise around the limit and is shown as such, one beyond both is an anomaly, not a result."""
    estimate = results.efficiency_estimate(run, bench)
    if estimate is None:
        return "–"
    if estimate.above(1.0 + results.BASELINE_ACCURACY):      # the same rule as results.anomalies
        return f"anomaly: {percent_text(estimate)}"
    if estimate.value > 1.0:
        return f"≈100% ({percent_text(estimate).split('(')[-1]}"
    return percent_text(estimate)


def bounded_speedup_text(run: results.Run, bench: results.Benchmark) -> str:
    estimate = results.speedup_estimate(run, bench)
    limit = results.speedup_limit(run, bench)
    if estimate is None:
        return "–"
    if limit and estimate.above(limit * (1 + results.BASELINE_ACCURACY)):
        return f"anomaly: {factor_text(estimate)}"
    if limit and estimate.value > limit:
        return f"≈{results.format_factor(limit)} ({factor_text(estimate).split('(')[-1]}"
    return factor_text(estimate)


def summary_section(doc: Document, run: results.Run):
    doc.heading("Summary")
    rows = []
    for summary in results.summarize_workloads(run):
        if summary.workload in overheads.OVERHEAD_WORKLOADS:
            continue
        best = f"**{summary.best.model}**"
        if summary.tied:
            best += " (tied with " + ", ".join(summary.tied) + ")"
        runner_up = summary.runner_up
        rows.append((f"`{summary.workload}`", best, seconds_text(summary.time),
                     bounded_speedup_text(run, summary.best), bounded_efficiency_text(run, summary.best),
                     describe_config(summary.config),
                     f"{runner_up.model} ({results.format_seconds(runner_up.time_s)})" if runner_up else "–"))
    if rows:
        doc.table(("Workload", "Best model", "Time", "Speedup vs serial", "Efficiency", "Compared at", "Next fastest"),
                  rows, numeric=(False, False, True, True, True, False, False))
        doc.paragraph("The best model is the fastest at the configuration where most models ran with no more workers "
                      "than cores (the largest one on ties); models whose 95% interval overlaps the best's are a tie, "
                      "not a win. **Speedup** = serial time / model time at the same problem size (for `latency` and "
                      "`http` the serial time is N requests × L delay). **Efficiency** = ideal time / measured time: "
                      "100% is the limit the workload states (Amdahl for CPU work, ⌈N/C⌉ × L for latency). Numbers "
                      "in brackets are 95% intervals."
                      + (" Open-loop entries (a `rate` argument) are not ranked: every model that keeps up with a "
                         "schedule takes the schedule's time; their sections compare latencies instead."
                         if any(results.is_open_loop(b) for b in run.ok()) else ""))
    measured = [w for w in overheads.OVERHEAD_WORKLOADS if run.ok(w)]
    if measured:
        doc.paragraph(", ".join(f"`{w}`" for w in measured) + (" measure" if len(measured) > 1 else " measures")
                      + " what a model costs rather than how fast it solves a problem, so "
                      + ("they have" if len(measured) > 1 else "it has") + " no speedup over serial: see "
                      "**Overheads** below for the table to choose a model by.")
    failed = run.failed()
    if failed:
        doc.callout("warning", f"{len(failed)} benchmark(s) failed and are left out of the numbers: "
                               + ", ".join(f"`{b.label}`" for b in failed) + " (see Failed benchmarks).")


def python_section(doc: Document, run: results.Run):
    """The course's Python programs beside the fastest C++ model at every case both ran."""
    rows = peers.cpp_vs_python(run)
    if not rows:
        return
    doc.heading("C++ vs Python")
    doc.paragraph("The course's own Python programs (models `py_*`, run by `/usr/bin/python3` with the course's "
                  "libraries) ran in this same run, in the same processes' rounds, timed by the same clock around "
                  "the same work and checked against the same answers; interpreter start, imports, pools and event "
                  "loops are set up outside the timed part. At each case both ran, the fastest of each:")
    doc.table(("Workload", "Case", "Fastest C++", "Fastest Python", "Python takes", "The book printed"),
              [(f"`{r.workload}`", r.case, f"{r.cpp.model} {results.format_seconds(r.cpp.time_s)}",
                f"{r.python.model} {results.format_seconds(r.python.time_s)}", f"{factor_text(r.slower)} as long",
                "; ".join(f.text() for f in r.book) or "–") for r in rows],
              numeric=(False, False, True, True, True, False))
    speedups = peers.python_speedups(run)
    if speedups:
        doc.paragraph("Python models against the serial Python program at the same problem: on CPU work the GIL "
                      "lets one thread run Python code at a time, so threads stay near 1x however many there are, "
                      "while processes (each with its own interpreter and GIL) use the cores; on I/O a thread "
                      "releases the GIL while it waits, so there threads overlap their waits.")
        doc.table(("Benchmark", "Speedup over py_serial"),
                  [(f"`{s.bench.label}`", factor_text(s.speedup)) for s in speedups], numeric=(False, True))


def machine_section(doc: Document, run: results.Run):
    doc.heading("How far the numbers hold")
    for note in quality.notes(run):
        doc.callout(note.level, note.text)
    strange = results.anomalies(run)
    if strange:
        doc.heading("Anomalies", 3)
        doc.paragraph("Values beyond the physical limit by more than their 95% interval. They are measurement flaws "
                      "and are never crowned in the summary; the likely cause is what the entry itself recorded.")
        doc.table(("Benchmark", "Measured", "Limit", "Likely cause"),
                  [(f"`{a.bench.label}`", (percent_text if a.what == "efficiency" else factor_text)(a.estimate),
                    "100%" if a.what == "efficiency" else results.format_factor(a.limit), a.cause)
                   for a in strange])
    doc.heading("Machine")
    doc.table(("", "Value"), results.machine_table(run.context))
    if len(run.sources) > 1:
        doc.paragraph("Merged from: " + ", ".join(f"`{Path(s).name}`" for s in run.sources)
                      + " (later files win on duplicate benchmark names).")


def results_table(doc: Document, run: results.Run, workload: str):
    """Every closed-loop benchmark of the workload (open loops have their own table), with speedup,
    efficiency, its p50, p99 and max latency where it has them, and any extra counters."""
    benchmarks = results.closed_loop(run.ok(workload))
    if not benchmarks:
        return
    order = charts.model_order({b.model for b in benchmarks})
    benchmarks.sort(key=lambda b: (order.index(b.model), tuple(map(str, b.args.values()))))
    extras = [c for c in results.extra_counters(benchmarks)
              if c not in BOOKKEEPING_COUNTERS and c not in request_latency.COUNTERS]
    latencies = [(label, counter) for label, counter in LATENCY_COLUMNS
                 if any(counter in b.counters for b in benchmarks)]
    show_throughput = any("requests" in b.args for b in benchmarks)
    headers = ["Model", "Arguments", "Time (95% interval)", "Spread", "Processes", "Speedup", "Efficiency", "Ideal"]
    headers += ["Requests/s"] if show_throughput else []
    headers += [label for label, _ in latencies]
    headers += extras
    rows = []
    for bench in benchmarks:
        row = [bench.model, bench.args_label, seconds_text(bench.time_estimate),
               "–" if bench.cv is None else f"±{bench.cv:.1%}",
               str(bench.units) + (f" ({bench.excluded} left out)" if bench.excluded else ""),
               bounded_speedup_text(run, bench), bounded_efficiency_text(run, bench),
               results.format_seconds(results.ideal_s(run, bench))]
        if show_throughput:
            throughput = results.throughput_per_s(bench)
            row.append("–" if throughput is None else f"{throughput:,.0f}")
        row += [results.format_seconds(bench.counter(counter)) for _, counter in latencies]
        row += [format_counter(name, bench.counter(name)) for name in extras]
        rows.append(row)
    numeric = [False, False] + [True] * (len(headers) - 2)
    doc.table(headers, rows, numeric=numeric)


# The per-request latencies a results table shows (the percentile chart shows the rest).
LATENCY_COLUMNS = (("Latency p50", "latency_p50_s"), ("p99", "latency_p99_s"), ("max", "latency_max_s"))

# Counters that record how a value was measured rather than what it measured: they feed the
# "How far the numbers hold" section, not the tables.
BOOKKEEPING_COUNTERS = {"other_cpus", "steal_cpus", "baseline_drift", "serial_s"}


def format_counter(name: str, value: float | None) -> str:
    if value is None:
        return "–"
    if name.startswith("bytes"):
        return results.format_bytes(value)
    if name.endswith("per_s") or name.endswith("per_second"):
        return f"{value:,.0f}"
    if name.endswith("_s"):
        return results.format_seconds(value)
    if float(value).is_integer():
        return f"{value:,.0f}"          # a count, in_flight 10,000 rather than 1e+04
    return f"{value:,.4g}"


def cpu_sum_section(doc: Document, run: results.Run, directory: Path):
    doc.paragraph(f"Speedup over serial as workers grow; the dashed line is the ideal min(workers, cores) with "
                  f"{results.cores(run.context)} cores. Past the core count, more workers only add overhead.")
    doc.image(charts.cpu_sum_speedup_chart(run, directory), "cpu_sum speedup vs workers")
    doc.image(charts.cpu_sum_time_chart(run, directory), "cpu_sum time vs n")


def seed_jobs_section(doc: Document, run: results.Run, directory: Path):
    doc.paragraph("Time per model against its ideal (dashed): with a few large jobs in the mix, the two biggest "
                  "jobs bound the run however many workers there are. Serial (one worker) is repeated in each group as "
                  "the reference; whiskers are 95% intervals over the processes.")
    doc.image(charts.bars_against_ideal_chart(run, "seed_jobs", directory, "seed_jobs: time per model vs ideal "
                                              "(lower is better)", "ideal (bounded by the two big jobs)"),
              "seed_jobs time per model")


def latency_section(doc: Document, run: results.Run, workload: str, directory: Path):
    files = charts.latency_charts(run, workload, directory)
    if files:
        doc.paragraph("Time for N requests of latency L at concurrency C; the dashed line is the ideal ⌈N/C⌉ × L "
                      "(Little's law). Efficiency is ideal / measured.")
    for filename in files:
        doc.image(filename, f"{workload} time and efficiency vs concurrency")
    memory = charts.memory_chart(run, workload, directory)
    if memory:
        doc.paragraph("Memory each in-flight request costs (a thread's stack vs a coroutine frame).")
        doc.image(memory, f"{workload} memory per in-flight request")
    throughput = charts.throughput_chart(run, workload, directory)
    if throughput:
        doc.paragraph("Requests per second of each client beside wrk's measurement of the same server: "
                      "wrk is the reference a C++ client is judged against.")
        doc.image(throughput, f"{workload} throughput vs wrk")
    if not files:
        doc.image(charts.generic_time_chart(run, workload, directory), f"{workload} time per benchmark")


def percentile_subsection(doc: Document, run: results.Run, workload: str, directory: Path):
    """Every model's latency by percentile at the workload's representative cases."""
    cases = request_latency.percentile_cases(run, workload)
    if not cases:
        return
    what = request_latency.unit_of_work(workload)
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
                     if workload in results.LATENCY_WORKLOADS else "")
                  + f" With fewer than 1,000 {what}s in all, 99.9% is the slowest one.")
    doc.image(charts.percentile_chart(run, workload, directory), f"{workload} latency by percentile")


def open_loop_subsection(doc: Document, run: results.Run, workload: str, directory: Path):
    """p99 against offered load, each model's saturation point and what happens past it."""
    sweeps = request_latency.sweeps(run, workload)
    if not sweeps:
        return
    order = charts.model_order({s.model for s in sweeps})
    sweeps.sort(key=lambda s: (order.index(s.model), tuple(map(str, s.config))))
    doc.heading("Open loop: latency under offered load", 3)
    doc.paragraph("Here requests start on a fixed schedule of R per second whatever the model does, as wrk2 "
                  "sends them, and each one's latency counts from when it was due: a model that falls behind is "
                  "charged for every request it kept waiting, which a closed loop hides. Below a model's capacity "
                  "its p99 stays near the delay; past it, late requests queue up for as long as the schedule runs "
                  "and p99 shoots up, the hockey stick. The dashed line is 2 × the delay, where this report calls a "
                  "model saturated. Both axes are logarithmic.")
    doc.image(charts.offered_load_chart(run, workload, directory), f"{workload} p99 latency vs offered load")
    seconds = results.format_seconds
    rows = []
    for sweep in sweeps:
        saturation = sweep.saturation
        at = next((p for p in sweep.points if p.rate == saturation.rate), None)
        above = saturation.first_above
        rows.append((sweep.model, sweep.label, ", ".join(request_latency.format_rate(p.rate) for p in sweep.points),
                     saturation.text(), seconds(at.p99_s) if at else "–",
                     request_latency.format_rate(above.rate) if above else "–",
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
                  f"the last quarter more than {request_latency.GROWTH_FACTOR:g} × the first, requests fall further "
                  "behind the longer the schedule runs.")
    findings = [f"**{s.model}** ({s.label}): {text}" for s in sweeps for text in [request_latency.sweep_findings(s)]
                if text]
    if findings:
        doc.bullets(findings)
    doc.table(("Model", "Case", "Offered (requests/s)", "Achieved (requests/s)", "p50", "p99",
               "p99 first quarter", "p99 last quarter", "max", "Time"),
              [(s.model, s.label, request_latency.format_rate(p.rate), request_latency.format_rate(p.achieved_rate),
                seconds(p.bench.counter("latency_p50_s")), seconds(p.p99_s), seconds(p.p99_first_s),
                seconds(p.p99_last_s), seconds(p.bench.counter("latency_max_s")), seconds_text(p.bench.time_estimate))
               for s in sweeps for p in s.points],
              numeric=(False, False, True, True, True, True, True, True, True, True))


def generic_section(doc: Document, run: results.Run, workload: str, directory: Path):
    doc.image(charts.generic_time_chart(run, workload, directory), f"{workload} time per benchmark")


def pipeline_section(doc: Document, run: results.Run, directory: Path):
    chart = charts.pipeline_throughput_chart(run, directory)
    if chart:
        doc.paragraph("Items per second each model moves through the pipeline in each mode, against the mode's "
                      "ideal rate (black tick, the `ideal_items_per_s` counter). Whiskers are 95% intervals over the processes.")
        doc.image(chart, "pipeline throughput per model and mode")
    else:
        generic_section(doc, run, "pipeline", directory)


def overheads_section(doc: Document, run: results.Run, directory: Path):
    """Start-up, grain, memory and context-switch costs per model, and the table that sums them up."""
    measured = [w for w in overheads.OVERHEAD_WORKLOADS if run.ok(w)]
    if not measured:
        return
    doc.heading("Overheads")
    rows = overheads.summary_rows(run, charts.model_order)
    if rows:
        doc.heading("Choosing a model", 3)
        doc.table(overheads.SUMMARY_HEADERS, rows, numeric=(False, True, True, True, True, True, False))
        doc.paragraph("Per model, from this run: the time to start one unit of work and wait for it (`spawn`); the "
                      f"smallest task from which it keeps {overheads.BREAK_EVEN_EFFICIENCY:.0%} efficiency, and the "
                      "task size at which its per-task cost alone takes 10% (`grain`); the memory one live unit "
                      "holds (`memory`); the time to hand control from one unit to another (`context_switch`). "
                      "“–”: the model was not measured there.")
    for workload, section in (("spawn", startup_subsection), ("grain", grain_subsection),
                              ("memory", memory_subsection), ("context_switch", switch_subsection)):
        if run.ok(workload):
            section(doc, run, directory)


def fallback_subsection(doc: Document, run: results.Run, workload: str, directory: Path, counters: str):
    doc.callout("note", f"The `{workload}` entries carry no {counters} counters (written by an older concbench?), "
                        "so only their times are shown.")
    generic_section(doc, run, workload, directory)
    results_table(doc, run, workload)


def startup_subsection(doc: Document, run: results.Run, directory: Path):
    doc.heading("Start-up overhead (`spawn`)", 3)
    entries = overheads.startup_overheads(run)
    if not entries:
        return fallback_subsection(doc, run, "spawn", directory, "`overhead_s`")
    doc.paragraph("Extra time per unit of work for starting it as a thread, task, process or coroutine and waiting "
                  "for it, over doing the same work inline: median over the repetitions, whiskers its 95% interval "
                  "over the processes. Serial is left out (its overhead is about 0). Hatched bars are processes "
                  "forked from a parent holding a large heap, which the kernel must map for the child.")
    clamped = [e.label for e in entries if e.overhead_s.low <= 0]
    if clamped:
        doc.callout("note", "Overhead interval reaching 0 or below (within noise of inline work), drawn at "
                            "the left edge of the log axis: " + ", ".join(clamped) + ".")
    doc.image(charts.startup_overhead_chart(run, directory), "spawn overhead per unit")
    doc.table(("Model", "Overhead per unit", "95% interval", "Time per unit", "Inline work per unit", "Units"),
              [(e.label, results.format_seconds(e.overhead_s.median),
                f"{results.format_seconds(e.overhead_s.low)} – {results.format_seconds(e.overhead_s.high)}",
                results.format_seconds(e.unit_s), results.format_seconds(e.serial_unit_s),
                overheads.int_text(e.units)) for e in entries],
              numeric=(False, True, True, True, True, True))


def grain_subsection(doc: Document, run: results.Run, directory: Path):
    doc.heading("Break-even grain (`grain`)", 3)
    curves = overheads.grain_curves(run)
    if not curves:
        return fallback_subsection(doc, run, "grain", directory, "`efficiency` and `grain_s`")
    threshold = overheads.BREAK_EVEN_EFFICIENCY
    doc.paragraph(f"The same total work cut into tasks of different size (grain = serial time of one task). "
                  f"Efficiency = ideal / measured time. A model's **break-even grain** is where its efficiency "
                  f"reaches {threshold:.0%} and stays there at every larger grain (interpolated in log-grain; ★ "
                  f"on the chart). **Per-task overhead** = grain × (1/efficiency − 1) at the finest grain; "
                  f"9 × that is the grain where the overhead alone costs 10%.")
    doc.image(charts.grain_efficiency_chart(run, directory), "grain efficiency vs task size")
    if "async" in curves:
        doc.paragraph("`async` runs on one thread, so its ideal is the serial time and its efficiency shows only "
                      "its per-task cost, not parallel speed.")
    if all(c.break_even.kind == "not_reached" for c in curves.values()):
        doc.callout("note", f"No model reaches {threshold:.0%} efficiency on this machine; the per-task overhead "
                            "and the 10%-overhead grain still rank the models.")
    order = charts.model_order(curves)
    doc.table(("Model", f"Break-even grain ({threshold:.0%})", "Per-task overhead", "Grain for 10% overhead",
               "Best efficiency"),
              [(model, curves[model].break_even.text(),
                overheads.format_task_overhead(curves[model].task_overhead_s),
                overheads.format_task_overhead(curves[model].ten_percent_grain_s),
                f"{results.format_percent(curves[model].break_even.best_efficiency)} at "
                f"{results.format_seconds(curves[model].break_even.best_grain_s)}") for model in order],
              numeric=(False, True, True, True, True))
    grains = sorted({g for c in curves.values() for g, _ in c.points})
    columns = grain_columns(grains)
    rows = []
    for model in order:
        cells = {column: e for g, e in curves[model].points for column in [nearest(columns, g)]}
        rows.append([model] + [results.format_percent(cells.get(column)) for column in columns])
    doc.paragraph("Efficiency at each grain (median over the repetitions):")
    doc.table(["Model"] + [results.format_seconds(g) for g in columns], rows,
              numeric=[False] + [True] * len(columns))


def grain_columns(grains: list[float]) -> list[float]:
    """Grains of different models within 5% of each other (same task, timed apart) share one column."""
    columns: list[float] = []
    for grain in grains:
        if not columns or grain > columns[-1] * 1.05:
            columns.append(grain)
    return columns


def nearest(columns: list[float], grain: float) -> float:
    return min(columns, key=lambda column: abs(column - grain) / column)


def memory_subsection(doc: Document, run: results.Run, directory: Path):
    doc.heading("Memory per unit (`memory`)", 3)
    entries = sorted(overheads.memory_per_unit(run).values(), key=lambda e: e.bytes_per_unit.median)
    if not entries:
        return fallback_subsection(doc, run, "memory", directory, "`bytes_per_unit`")
    doc.paragraph("Memory each live unit holds, measured with many alive at once: resident memory (for `process`, "
                  "the children's proportional set size) or heap in use, whichever grew more. Kernel memory "
                  "(page tables, task structures) is approximate; virtual is address space reserved, mostly "
                  "untouched stack."
                  + (" `latency`'s memory per in-flight request is the same measure under load." if any(
                      "bytes_per_inflight" in b.counters for b in run.ok("latency")) else ""))
    doc.image(charts.memory_per_unit_chart(run, directory), "memory per unit")
    doc.table(("Model", "Per unit", "Kernel (approx.)", "Virtual", "Heap", "Stack size", "Units"),
              [(e.model, overheads.format_memory(e.bytes_per_unit.median),
                overheads.format_memory(e.kernel_bytes, approximate=True), overheads.format_memory(e.virtual_bytes),
                overheads.format_memory(e.heap_bytes), overheads.format_memory(e.stack_bytes),
                overheads.int_text(e.units)) for e in entries],
              numeric=(False, True, True, True, True, True, True))


def switch_subsection(doc: Document, run: results.Run, directory: Path):
    doc.heading("Context switch (`context_switch`)", 3)
    entries = sorted(overheads.switch_costs(run).values(), key=lambda e: e.switch_s.median)
    if not entries:
        return fallback_subsection(doc, run, "context_switch", directory, "`switch_s`")
    doc.paragraph("Time for one hand-over between two units that take turns (ping-pong): the kernel's switch "
                  "for threads and processes, a resume for a coroutine, a posted handler for `async`.")
    doc.image(charts.context_switch_chart(run, directory), "context switch cost")
    doc.table(("Model", "One hand-over", "95% interval", "Rounds"),
              [(e.model, results.format_seconds(e.switch_s.median),
                f"{results.format_seconds(e.switch_s.low)} – {results.format_seconds(e.switch_s.high)}",
                overheads.int_text(e.rounds)) for e in entries],
              numeric=(False, True, True, True))


def workload_sections(doc: Document, run: results.Run, directory: Path):
    for workload in run.workloads():
        if not run.ok(workload) or workload in overheads.OVERHEAD_WORKLOADS:
            continue
        doc.heading(f"`{workload}`")
        if workload == "cpu_sum":
            cpu_sum_section(doc, run, directory)
        elif workload == "seed_jobs":
            seed_jobs_section(doc, run, directory)
        elif workload in LATENCY_FAMILY:
            latency_section(doc, run, workload, directory)
        elif workload == "pipeline":
            pipeline_section(doc, run, directory)
        else:
            generic_section(doc, run, workload, directory)
        percentile_subsection(doc, run, workload, directory)
        results_table(doc, run, workload)
        open_loop_subsection(doc, run, workload, directory)


def failed_section(doc: Document, run: results.Run):
    failed = run.failed()
    if failed:
        doc.heading("Failed benchmarks")
        doc.paragraph("A failed benchmark computed a wrong result or could not run; it is a defect to fix, "
                      "not a slow result.")
        doc.table(("Benchmark", "Error"), [(f"`{b.label}`", b.error or "no time recorded") for b in failed])


def measured_text(run: results.Run) -> str:
    """'4 to 7 processes each' for a scripts/bench run, '5 repetitions each' for one process."""
    if any(b.processes for b in run.ok()):
        units = sorted({b.units for b in run.ok() if b.times_s})
        if units:
            return (f"{units[0]}" if units[0] == units[-1] else f"{units[0]} to {units[-1]}") + " processes each"
    return plural(run.repetitions, "repetition") + " each"


def build_report(run: results.Run, directory: Path):
    """Writes report.md, index.html and the charts into `directory`."""
    context = run.context
    doc = Document(f"concbench report — {results.run_label(run)}, {str(context.get('date', ''))[:10]}")
    doc.paragraph(", ".join(part for part in (
        f"Suite **{context['concbench_suite']}**" if context.get("concbench_suite") else "",
        f"commit `{context['concbench_commit']}`" if context.get("concbench_commit") else "",
        plural(len(run.benchmarks), "benchmark") + ", " + measured_text(run),
        f"{context.get('build_type', 'unknown')} build with {context.get('compiler', 'unknown compiler')}",
        f"CPU {context.get('cpu_model', '?')}") if part) + ".")
    summary_section(doc, run)
    python_section(doc, run)
    machine_section(doc, run)
    overheads_section(doc, run, directory)
    workload_sections(doc, run, directory)
    failed_section(doc, run)
    doc.write(directory)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", nargs="+", metavar="RUN.json", help="Google Benchmark JSON written by concbench")
    parser.add_argument("-o", "--output", type=Path,
                        help="output directory (default: reports/<host>-<date> in the repository)")
    args = parser.parse_args(argv)
    try:
        run = results.merge_runs([results.load_run(path) for path in args.runs])
        output = write_output_dir(args.output or default_output_dir(run), lambda d: build_report(run, d))
    except results.ResultsError as error:
        print(f"report.py: error: {error}", file=sys.stderr)
        return 2
    print(output / "index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
