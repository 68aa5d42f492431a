"""report.py's document: one run as report.md, a self-contained index.html and PNG charts.

The run is analysed once (analysis.Analysis); each section reads that analysis and draws its
charts from it. Workloads get the section of their kind, as the catalog states it — compute,
memory-bound, request, queue, overhead — and any kind the report does not know a plain table and chart,
so nothing measured is dropped.
"""

from __future__ import annotations

from pathlib import Path

from ..analysis import Analysis
from ..charts.style import Styles
from ..document import Document
from ..formatting import plural
from ..machine import run_label
from ..runs import Run
from .. import export
from . import answers, compute, overheads, queues, requests, tables, trust
from .generic import generic_section


def workload_section(doc: Document, analysis: Analysis, workload: str, directory: Path):
    run = analysis.run
    kind = run.kind(workload)
    styles = Styles(run.catalog, workload, {b.model for b in run.all(workload)})
    doc.heading(f"`{workload}`")
    if kind == "compute":
        compute.compute_section(doc, analysis, workload, styles, directory)
    elif kind == "memory_bound":
        compute.memory_bound_section(doc, analysis, workload, styles, directory)
    elif kind == "request":
        requests.request_section(doc, analysis, workload, styles, directory)
    elif kind == "queue":
        queues.queue_section(doc, analysis, workload, styles, directory)
    else:
        generic_section(doc, analysis, workload, styles, directory)
    requests.percentile_subsection(doc, analysis, workload, styles, directory)
    tables.results_table(doc, analysis, workload)
    requests.open_loop_subsection(doc, analysis, workload, styles, directory)


def measured_text(run: Run) -> str:
    """'4 to 7 processes each' for a scripts/bench run, '5 repetitions each' for one process."""
    if any(b.processes for b in run.ok()):
        units = sorted({b.units for b in run.ok() if b.times_s})
        if units:
            return (f"{units[0]}" if units[0] == units[-1] else f"{units[0]} to {units[-1]}") + " processes each"
    return plural(run.repetitions, "repetition") + " each"


def header_text(run: Run) -> str:
    """One line of what was run: suite, commit, size, duration, seed, build and CPU."""
    context = run.context
    method = context.get("concbench_method") if isinstance(context.get("concbench_method"), dict) else {}
    seconds = method.get("seconds")
    return ", ".join(part for part in (
        f"Suite **{context['concbench_suite']}**" if context.get("concbench_suite") else "",
        f"commit `{context['concbench_commit']}`" if context.get("concbench_commit") else "",
        plural(len(run.benchmarks), "benchmark") + ", " + measured_text(run),
        f"measured in {seconds / 60:.1f} min" if isinstance(seconds, (int, float)) else "",
        f"seed {method['seed']}" if method.get("seed") is not None else "",
        f"{context.get('build_type', 'unknown')} build",
        f"CPU {context.get('cpu_model', '?')}") if part) + "."


def build_report(run: Run, directory: Path, embed_images: bool = True):
    """Writes report.md, index.html and the charts into `directory` (index.html embeds the charts
    unless `embed_images` is false)."""
    analysis = Analysis(run)
    doc = Document(f"concbench report — {run_label(run)}, {str(run.context.get('date', ''))[:10]}")
    doc.paragraph(header_text(run) + " Every number: [results.csv](results.csv).")
    answers.first_screen(doc, analysis)
    answers.python_section(doc, analysis)
    for workload in run.workloads():
        if run.ok(workload) and run.kind(workload) != "overhead":
            workload_section(doc, analysis, workload, directory)
    overheads.overheads_section(doc, analysis, directory)
    trust.method_section(doc, analysis)
    trust.failed_section(doc, analysis)
    export.write_results(directory / "results.csv", analysis)
    doc.write(directory, embed_images)
