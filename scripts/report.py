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

import concbench_charts as charts
import concbench_results as results
from concbench_document import Document, write_output_dir

REPOSITORY = Path(__file__).resolve().parent.parent

# Workloads with a dedicated section; any other workload gets the generic one.
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


def summary_section(doc: Document, run: results.Run):
    doc.heading("Summary")
    rows = []
    for summary in results.summarize_workloads(run):
        runner_up = summary.runner_up
        rows.append((f"`{summary.workload}`", f"**{summary.best.model}**", results.format_seconds(summary.time_s),
                     results.format_factor(summary.speedup), results.format_percent(summary.efficiency),
                     describe_config(summary.config),
                     f"{runner_up.model} ({results.format_seconds(runner_up.time_s)})" if runner_up else "–"))
    doc.table(("Workload", "Best model", "Time", "Speedup vs serial", "Efficiency", "Compared at", "Runner-up"),
              rows, numeric=(False, False, True, True, True, False, False))
    doc.paragraph("The best model is the fastest at the configuration where most models ran (the largest one "
                  "on ties). **Speedup** = serial time / model time at the same problem size (for `latency` and "
                  "`http` the serial time is N requests × L delay). **Efficiency** = ideal time / measured time: "
                  "100% is the limit the workload states (Amdahl for CPU work, ⌈N/C⌉ × L for latency).")
    failed = run.failed()
    if failed:
        doc.callout("warning", f"{len(failed)} benchmark(s) failed and are left out of the numbers: "
                               + ", ".join(f"`{b.label}`" for b in failed) + " (see Failed benchmarks).")


def machine_section(doc: Document, run: results.Run):
    doc.heading("Noise")
    for note in results.noise_notes(run):
        doc.callout(note.level, note.text)
    doc.heading("Machine")
    doc.table(("", "Value"), results.machine_table(run.context))
    if len(run.sources) > 1:
        doc.paragraph("Merged from: " + ", ".join(f"`{Path(s).name}`" for s in run.sources)
                      + " (later files win on duplicate benchmark names).")


def results_table(doc: Document, run: results.Run, workload: str):
    """Every benchmark of the workload, with speedup, efficiency and any extra counters."""
    benchmarks = run.ok(workload)
    if not benchmarks:
        return
    order = charts.model_order({b.model for b in benchmarks})
    benchmarks.sort(key=lambda b: (order.index(b.model), tuple(map(str, b.args.values()))))
    extras = results.extra_counters(benchmarks)
    show_throughput = any("requests" in b.args for b in benchmarks)
    headers = ["Model", "Arguments", "Time", "Spread", "Reps", "Speedup", "Efficiency", "Ideal"]
    headers += ["Requests/s"] if show_throughput else []
    headers += extras
    rows = []
    for bench in benchmarks:
        row = [bench.model, bench.args_label, results.format_seconds(bench.time_s),
               "–" if bench.cv is None else f"±{bench.cv:.1%}", str(len(bench.times_s) or bench.repetitions),
               results.format_factor(results.speedup(run, bench)),
               results.format_percent(results.efficiency(run, bench)),
               results.format_seconds(results.ideal_s(run, bench))]
        if show_throughput:
            throughput = results.throughput_per_s(bench)
            row.append("–" if throughput is None else f"{throughput:,.0f}")
        row += [format_counter(name, bench.counter(name)) for name in extras]
        rows.append(row)
    numeric = [False, False] + [True] * (len(headers) - 2)
    doc.table(headers, rows, numeric=numeric)


def format_counter(name: str, value: float | None) -> str:
    if value is None:
        return "–"
    if name.startswith("bytes"):
        return results.format_bytes(value)
    if name.endswith("per_s") or name.endswith("per_second"):
        return f"{value:,.0f}"
    if name.endswith("_s"):
        return results.format_seconds(value)
    return f"{value:,.4g}"


def cpu_sum_section(doc: Document, run: results.Run, directory: Path):
    doc.paragraph(f"Speedup over serial as workers grow; the dashed line is the ideal min(workers, cores) with "
                  f"{results.cores(run.context)} cores. Past the core count, more workers only add overhead.")
    doc.image(charts.cpu_sum_speedup_chart(run, directory), "cpu_sum speedup vs workers")
    doc.image(charts.cpu_sum_time_chart(run, directory), "cpu_sum time vs n")


def seed_jobs_section(doc: Document, run: results.Run, directory: Path):
    doc.paragraph("Time per model against its ideal (dashed): with a few large jobs in the mix, the two biggest "
                  "jobs bound the run however many workers there are. Serial (one worker) is repeated in each group as "
                  "the reference; error bars span the repetitions.")
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


def generic_section(doc: Document, run: results.Run, workload: str, directory: Path):
    doc.image(charts.generic_time_chart(run, workload, directory), f"{workload} time per benchmark")


def workload_sections(doc: Document, run: results.Run, directory: Path):
    for workload in run.workloads():
        if not run.ok(workload):
            continue
        doc.heading(f"`{workload}`")
        if workload == "cpu_sum":
            cpu_sum_section(doc, run, directory)
        elif workload == "seed_jobs":
            seed_jobs_section(doc, run, directory)
        elif workload in LATENCY_FAMILY:
            latency_section(doc, run, workload, directory)
        else:
            generic_section(doc, run, workload, directory)
        results_table(doc, run, workload)


def failed_section(doc: Document, run: results.Run):
    failed = run.failed()
    if failed:
        doc.heading("Failed benchmarks")
        doc.paragraph("A failed benchmark computed a wrong result or could not run; it is a defect to fix, "
                      "not a slow result.")
        doc.table(("Benchmark", "Error"), [(f"`{b.label}`", b.error or "no time recorded") for b in failed])


def build_report(run: results.Run, directory: Path):
    """Writes report.md, index.html and the charts into `directory`."""
    context = run.context
    doc = Document(f"concbench report — {results.run_label(run)}, {str(context.get('date', ''))[:10]}")
    doc.paragraph(", ".join(part for part in (
        f"Suite **{context['concbench_suite']}**" if context.get("concbench_suite") else "",
        f"commit `{context['concbench_commit']}`" if context.get("concbench_commit") else "",
        plural(len(run.benchmarks), "benchmark") + ", " + plural(run.repetitions, "repetition") + " each",
        f"{context.get('build_type', 'unknown')} build with {context.get('compiler', 'unknown compiler')}",
        f"CPU {context.get('cpu_model', '?')}") if part) + ".")
    summary_section(doc, run)
    machine_section(doc, run)
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
