"""The report's first screen — how far its numbers hold, then one answer per workload — and the
course's Python programs beside the fastest C++ model."""

from __future__ import annotations

from .. import peers, quality
from ..analysis import Analysis
from ..document import Document
from ..formatting import describe_args, factor_text, format_counter, format_seconds, seconds_text
from ..summary import Answer, answers, declared_cases
from .tables import bounded_efficiency_text, bounded_speedup_text


def lead_text(answer: Answer, unit: str) -> str:
    """What the winner did, hyperfine's way, by the quantity its workload is ranked by."""
    if answer.measure == "speedup":
        text = f"ran {bounded_speedup_text(answer.speedup, answer.limit, sentence=True)} faster than serial"
        return text + (f", {bounded_efficiency_text(answer.efficiency, sentence=True)} of the ideal" if answer.efficiency else "")
    if answer.measure == "efficiency" and answer.kind == "overhead":
        grain = answer.winner.counter("grain_s")
        return f"kept {bounded_efficiency_text(answer.efficiency, sentence=True)} efficiency" + (f" with tasks of {format_seconds(grain)}" if grain else "")
    if answer.measure == "efficiency":
        return f"reached {bounded_efficiency_text(answer.efficiency, sentence=True)} of the slowest stage's rate"
    if answer.measure == "time":
        text = f"took {seconds_text(answer.value)}"
        return text + (f", {bounded_efficiency_text(answer.efficiency, sentence=True)} of the ideal" if answer.efficiency else "")
    return f"{format_counter(answer.measure, answer.value.value)} per {unit}"


def rival_text(answer: Answer) -> str:
    """The winner against the runner-up: ahead by a ratio with its interval, or tied with the models
    the data cannot tell from it (and how large a difference it still allows)."""
    tied = answer.tied
    if tied:
        named = ", ".join(f"{r.bench.model} (" + (f"±{r.verdict.beyond:.0%}" if r.verdict.beyond is not None
                                                   else "no interval") + ")" for r in tied[:3])
        return "tie: " + named + (f" and {len(tied) - 3} more" if len(tied) > 3 else "")
    rival = answer.runner_up
    if rival is None:
        return "–"
    timed = answer.measure in ("speedup", "time", "efficiency")
    word = "faster than" if timed else ("less than" if rival.ratio.value >= 1 else "more than")
    return f"{factor_text(rival.ratio)} {word} {rival.bench.model}"


def first_screen(doc: Document, analysis: Analysis):
    """The trust block, then the answer table: what a reader needs before anything else."""
    run = analysis.run
    doc.heading("How far these numbers hold")
    found = quality.trust(analysis, declared_cases(analysis))
    lines = quality.trust_lines(found)
    doc.paragraph(lines[0])
    if len(lines) > 1:
        doc.bullets(lines[1:])
    doc.heading("Answers")
    rows = []
    for answer in answers(analysis):
        unit = analysis.catalog.workload(answer.workload).unit
        rows.append((f"`{answer.workload}`", f"**{answer.winner.model}**", lead_text(answer, unit), rival_text(answer),
                     describe_args(answer.config)))
    if rows:
        doc.table(("Workload", "Best", "It", "Against the next", "Compared at"), rows, name="answers")
        doc.paragraph("Each workload's models at the case its answer rests on, ranked by what its table shows: "
                      "speedup for CPU work, time for requests, the share of the ideal rate for queues, the cost for "
                      "overheads. Brackets are 95% intervals. A **tie** is a ratio to the best whose interval, paired "
                      "round by round, holds 1; ±X is the largest difference the data still allows. A value beyond "
                      "its physical limit never wins.")
    failed = run.failed()
    if failed:
        doc.callout("warning", f"{len(failed)} benchmark(s) failed and are left out of the numbers: "
                               + ", ".join(f"`{b.label}`" for b in failed[:8]) + (" …" if len(failed) > 8 else "")
                               + " (see Failed benchmarks).")


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
                      "while processes (each with its own interpreter and GIL) use the cores.")
        doc.table(("Benchmark", "Speedup over py_serial"),
                  [(f"`{s.bench.label}`", factor_text(s.speedup)) for s in speedups], numeric=(False, True))
