"""The report's answers: which model fits each workload, and the course's Python programs beside
the fastest C++ model."""

from __future__ import annotations

from .. import peers
from ..analysis import Analysis
from ..document import Document
from ..formatting import describe_args, factor_text, format_seconds, seconds_text
from ..overheads import overhead_workloads
from ..summary import summarize_workloads
from .tables import efficiency_text, speedup_text


def summary_section(doc: Document, analysis: Analysis):
    run = analysis.run
    doc.heading("Summary")
    rows = []
    for summary in summarize_workloads(analysis):
        best = f"**{summary.best.model}**"
        if summary.tied:
            best += " (tied with " + ", ".join(summary.tied) + ")"
        runner_up = summary.runner_up
        result = analysis.result(summary.best)
        rows.append((f"`{summary.workload}`", best, seconds_text(summary.time), speedup_text(result),
                     efficiency_text(result), describe_args(summary.config),
                     f"{runner_up.model} ({format_seconds(runner_up.time_s)})" if runner_up else "–"))
    if rows:
        doc.table(("Workload", "Best model", "Time", "Speedup vs serial", "Efficiency", "Compared at", "Next fastest"),
                  rows, numeric=(False, False, True, True, True, False, False))
        doc.paragraph("The best model is the fastest at the configuration where most models ran with no more workers "
                      "than cores (the largest one on ties); models whose 95% interval overlaps the best's are a tie, "
                      "not a win. **Speedup** = serial time / model time at the same problem size (for workloads of "
                      "waits, N requests × L delay over the time: the waits overlapped). **Efficiency** = ideal time / "
                      "measured time: 100% is the limit the workload states (Amdahl for CPU work, ⌈N/C⌉ × L for "
                      "latency). Numbers in brackets are 95% intervals."
                      + (" Open-loop entries (a `rate` argument) are not ranked: every model that keeps up with a "
                         "schedule takes the schedule's time; their sections compare latencies instead."
                         if any(b.open_loop for b in run.ok()) else ""))
    measured = overhead_workloads(run)
    if measured:
        doc.paragraph(", ".join(f"`{w}`" for w in measured) + (" measure" if len(measured) > 1 else " measures")
                      + " what a model costs rather than how fast it solves a problem, so "
                      + ("they have" if len(measured) > 1 else "it has") + " no speedup over serial: see "
                      "**Overheads** below for the table to choose a model by.")
    failed = run.failed()
    if failed:
        doc.callout("warning", f"{len(failed)} benchmark(s) failed and are left out of the numbers: "
                               + ", ".join(f"`{b.label}`" for b in failed) + " (see Failed benchmarks).")


def python_section(doc: Document, analysis: Analysis):
    """The course's Python programs beside the fastest C++ model at every case both ran."""
    run = analysis.run
    rows = peers.cpp_vs_python(run)
    if not rows:
        return
    doc.heading("C++ vs Python")
    doc.paragraph("The course's own Python programs (models `py_*`, run by `/usr/bin/python3` with the course's "
                  "libraries) ran in this same run, in the same processes' rounds, timed by the same clock around "
                  "the same work and checked against the same answers; interpreter start, imports, pools and event "
                  "loops are set up outside the timed part. At each case both ran, the fastest of each:")
    doc.table(("Workload", "Case", "Fastest C++", "Fastest Python", "Python takes", "The book printed"),
              [(f"`{r.workload}`", r.case, f"{r.cpp.model} {format_seconds(r.cpp.time_s)}",
                f"{r.python.model} {format_seconds(r.python.time_s)}", f"{factor_text(r.slower)} as long",
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
