"""Behind the first screen: how the run was measured, the machine's drift and interference, every
value beyond physics with its likely cause, the machine itself, and what failed."""

from __future__ import annotations

from pathlib import Path

from .. import quality
from ..analysis import Analysis
from ..document import Document
from ..formatting import factor_text, format_factor, percent_text
from ..machine import machine_table


def method_section(doc: Document, analysis: Analysis):
    """How the run was measured, everything a reader may want to check behind the first screen's
    trust block, the anomalies and the machine."""
    run = analysis.run
    doc.heading("Method and machine")
    for note in quality.notes(analysis):
        doc.callout(note.level, note.text)
    strange = analysis.anomalies
    if strange:
        doc.heading("Anomalies", 3)
        doc.paragraph("Values beyond the physical limit by more than their 95% interval. They are measurement flaws "
                      "and are never crowned in the summary; the likely cause is what the entry itself recorded.")
        doc.table(("Benchmark", "Measured", "Limit", "Likely cause"),
                  [(f"`{a.bench.label}`", (percent_text if a.what == "efficiency" else factor_text)(a.estimate),
                    "100%" if a.what == "efficiency" else format_factor(a.limit), a.cause)
                   for a in strange])
    doc.heading("Machine")
    doc.table(("", "Value"), machine_table(run.context))
    if len(run.sources) > 1:
        doc.paragraph("Merged from: " + ", ".join(f"`{Path(s).name}`" for s in run.sources)
                      + " (later files win on duplicate benchmark names).")


def failed_section(doc: Document, analysis: Analysis):
    failed = analysis.run.failed()
    if failed:
        doc.heading("Failed benchmarks")
        doc.paragraph("A failed benchmark computed a wrong result or could not run; it is a defect to fix, "
                      "not a slow result.")
        doc.table(("Benchmark", "Error"), [(f"`{b.label}`", b.error or "no time recorded") for b in failed])
