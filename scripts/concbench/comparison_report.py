"""compare.py's document: N runs against a reference — the overall answer first (geometric means
with intervals, wins and losses, per core), where the best model changes with the machine, each
workload's means, the systems side by side, then every benchmark."""

from __future__ import annotations

from pathlib import Path

from . import quality, stats
from .comparison import P99_COUNTER, RunComparison, geometric_mean
from .document import Document
from .fleet import Fleet, per_core_summary
from .formatting import factor_text, format_factor, format_seconds
from .machine import MACHINE_FIELDS, machine_table, unique_labels
from .runs import ResultsError, Run
from .verdicts import NOISE_FLOOR, VERDICTS


def parse_labels(text: str | None, runs: list[Run]) -> list[str]:
    if text is None:
        return unique_labels(runs)
    labels = [label.strip() for label in text.split(",")]
    if len(labels) != len(runs) or not all(labels):
        raise ResultsError(f"--labels gives {len(labels)} label(s) for {len(runs)} runs")
    if len(set(labels)) != len(labels):
        raise ResultsError("--labels must be distinct")
    return labels


def speed_phrase(ratio: float | None, contender: str) -> str:
    """0.5 -> 'ryzen-b is 2.00× faster'; 1.25 -> 'ryzen-b is 1.25× slower'."""
    if ratio is None:
        return "no ratio"
    if ratio < 1:
        return f"{contender} is {format_factor(1 / ratio)} faster"
    if ratio > 1:
        return f"{contender} is {format_factor(ratio)} slower"
    return f"{contender} takes the same time"


def ratio_text(estimate: stats.Estimate | None) -> str:
    return "–" if estimate is None else factor_text(estimate)


def format_ratio(ratio: float | None) -> str:
    return "–" if ratio is None else f"{ratio:.3f}"


def format_interval(estimate) -> str:
    return f"{estimate.low:.3f} – {estimate.high:.3f}" if estimate.has_interval else "–"


def verdict_cell(comparison) -> str:
    return f"**{comparison.verdict}**" if comparison.judgement.called else comparison.judgement.text()


def power_warning(comparison: RunComparison) -> str | None:
    """Says when too few processes make a verdict impossible, and how to get enough."""
    short = [c for c in comparison.comparisons if c.verdict == "n/a"]
    if not short:
        return None
    fewest = min(min(c.baseline.units, c.contender.units) for c in short)
    return (f"{len(short)} of {len(comparison.comparisons)} benchmarks have fewer than {stats.MIN_UNITS} processes "
            f"on a side (as few as {fewest}): no interval, so no verdict. Run scripts/bench (5 processes at least; "
            "older files: each repetition counts as one process).")


def overall_section(doc: Document, fleet: Fleet):
    reference = fleet.reference_label
    doc.heading("Overall")
    rows = []
    for label in fleet.others():
        means, counts = fleet.geomeans(label), fleet.verdict_counts(label)
        overall = means.get(None)
        cores = per_core_summary(fleet.per_core(label))
        rows.append((f"**{label}**", ratio_text(overall), speed_phrase(overall.value if overall else None, label),
                     str(len(fleet.shared(label))), *(str(counts[v]) for v in VERDICTS),
                     "–" if cores is None else f"{format_factor(cores[0])} / {format_factor(cores[1])}"))
    doc.table(("Machine", f"Time / {reference}'s (geometric mean)", "In words", "Benchmarks", "Faster", "Slower",
               "Same", "Within ±X", "n/a", "All-core throughput / per core"), rows, name="overall")
    paired = [label for label in fleet.others() if fleet.comparisons[label].paired]
    threshold = max(c.threshold for c in fleet.comparisons.values())
    doc.paragraph(f"Each machine's time over {reference}'s, as a geometric mean over the {len(fleet.common())} "
                  "benchmarks every machine measured (every one weighs the same, whatever its duration), with a 95% "
                  "interval from the benchmarks' own. Below 1 it is faster. "
                  + (f"{', '.join(paired)} ran interleaved with {reference} (one scripts/bench --ab): their ratios are "
                     "paired round by round, so the machine's drift cancels. " if paired else
                     "The runs were made apart, so their ratios are unpaired: a machine's slow spell in one of them "
                     "is in the ratio. ")
                  + f"Verdicts: faster or slower when the whole interval lies beyond ±{threshold:.0%}; otherwise the "
                  "largest difference the interval allows. All-core throughput: the workers:all cases' speed over "
                  f"{reference}'s, and per core, divided by each machine's cores (medians over those cases).")
    for label in fleet.others():
        warning = power_warning(fleet.comparisons[label])
        if warning:
            doc.callout("warning", f"{label}: {warning}")


def changes_section(doc: Document, fleet: Fleet):
    doc.heading("Where the best model changes")
    changes = fleet.changes()
    winners = fleet.winners()
    workloads = fleet.runs[fleet.reference].catalog.order_workloads({w for found in winners.values() for w in found})
    rows = []
    for workload in workloads:
        cells = []
        for label in fleet.labels:
            answer = winners[label].get(workload)
            cells.append("–" if answer is None else answer.winner.model + (" (tie)" if answer.tied else ""))
        rows.append((f"`{workload}`", *cells))
    doc.table(("Workload", *fleet.labels), rows, name="best-models")
    if changes:
        doc.bullets(change.text(fleet.reference_label) for change in changes)
    else:
        doc.paragraph("The same model is best on every machine, workload by workload.")


def workloads_section(doc: Document, fleet: Fleet, directory: Path, charts: bool = True):
    doc.heading("Per workload")
    means = {label: fleet.geomeans(label) for label in fleet.others()}
    workloads = [w for w in next(iter(means.values())) if w is not None] if means else []
    doc.table(("Workload", *fleet.others()), [(f"`{w}`", *(ratio_text(means[label].get(w)) for label in fleet.others()))
                                             for w in workloads], name="per-workload")
    if charts:      # matplotlib: imported only when there is something to draw
        from .charts.comparison import geomeans_chart, ratios_chart
        doc.image(geomeans_chart(means, fleet.reference_label, directory, "geomeans.png"),
                  "geometric mean time ratio per workload and machine")
    by_model = {label: fleet.geomeans_by_model(label) for label in fleet.others()}
    keys = sorted({k for found in by_model.values() for k in found},
                  key=lambda k: (workloads.index(k[0]) if k[0] in workloads else 99,
                                 fleet.runs[fleet.reference].catalog.model_rank(k[0], k[1])))
    doc.paragraph("Per model, over each workload's benchmarks of that model every machine measured:")
    doc.table(("Workload", "Model", *fleet.others()),
              [(f"`{w}`", m, *(ratio_text(by_model[label].get((w, m))) for label in fleet.others())) for w, m in keys],
              name="per-model")
    catalog = fleet.runs[fleet.reference].catalog
    for workload in workloads if charts else ():
        rows = []
        names = [c for c in fleet.shared(fleet.others()[0]) if c.workload == workload]
        order = catalog.order_models(workload, {c.model for c in names})
        for c in sorted(names, key=lambda c: (order.index(c.model), c.name)):
            rows.append((f"{c.model} {c.baseline.args_label}",
                         {label: next((x.estimate for x in fleet.shared(label) if x.name == c.name), None)
                          for label in fleet.others()}))
        doc.image(ratios_chart(rows, workload, fleet.reference_label, directory, f"ratios_{workload}.png"),
                  f"{workload}: time ratio per benchmark and machine")


def systems_section(doc: Document, runs: list[Run], labels: list[str]):
    doc.heading("Systems")
    tables = [dict(machine_table(run.context)) for run in runs]
    fields = [key for key in MACHINE_FIELDS if any(key in table for table in tables)]
    rows = []
    for key in fields:
        values = [table.get(key, "–") for table in tables]
        rows.append((f"**{key}**" if len(set(values)) > 1 else key, *values))
    doc.table(("", *labels), rows, name="systems")
    doc.paragraph("Fields in bold differ between the systems.")
    for run, label in zip(runs, labels):
        for note in quality.context_notes(run):
            if note.level == "warning":
                doc.callout("warning", f"{label}: {note.text}")


def details_section(doc: Document, comparison: RunComparison, baseline: str, contender: str, catalog):
    doc.heading(f"Details: {contender} vs {baseline}", 3)
    for workload, group in comparison.by_workload().items():
        order = catalog.order_models(workload, {c.model for c in group})
        group = sorted(group, key=lambda c: (order.index(c.model), tuple(map(str, c.baseline.args.values()))))
        doc.paragraph(f"`{workload}`")
        doc.table(("Model", "Arguments", baseline, contender, "Ratio", "95% interval", "Verdict"),
                  [(c.model, c.baseline.args_label, format_seconds(c.baseline.time_s),
                    format_seconds(c.contender.time_s), format_ratio(c.ratio), format_interval(c.estimate),
                    verdict_cell(c)) for c in group],
                  numeric=(False, False, True, True, True, True, False), name=f"{contender}-{workload}")
    if comparison.p99:
        geomean = geometric_mean(c.ratio for c in comparison.p99)
        doc.paragraph(f"p99 latency per request at the {len(comparison.p99)} cases both measured it ({contender} has "
                      f"{format_ratio(geomean)}× the p99 of {baseline}, geometric mean; below 1 is lower latency). "
                      "Open-loop cases are compared only here: their time is the schedule's on either machine.")
        order = catalog.order_models(None, {c.model for c in comparison.p99})
        group = sorted(comparison.p99, key=lambda c: (c.workload, order.index(c.model),
                                                      tuple(map(str, c.baseline.args.values()))))
        doc.table(("Workload", "Model", "Arguments", baseline, contender, "Ratio", "95% interval", "Verdict"),
                  [(f"`{c.workload}`", c.model, c.baseline.args_label, format_seconds(c.baseline.counter(P99_COUNTER)),
                    format_seconds(c.contender.counter(P99_COUNTER)), format_ratio(c.ratio),
                    format_interval(c.estimate), verdict_cell(c)) for c in group],
                  numeric=(False, False, False, True, True, True, True, False), name=f"{contender}-p99")


def missing_section(doc: Document, fleet: Fleet):
    missing = fleet.missing()
    failed = [(b, label) for label, c in fleet.comparisons.items() for b in c.failed]
    if not (missing or failed):
        return
    doc.heading("Not compared everywhere")
    doc.paragraph(f"{len(missing)} benchmark(s) are not in every run and are left out of the geometric means (a "
                  "machine with other cores names its scaling cases by other counts; workers:all is the name they "
                  "share); never an error.")
    doc.table(("Benchmark", "Missing on"), [(f"`{name}`", ", ".join(labels) or "the reference")
                                            for name, labels in missing], name="missing")
    if failed:
        doc.table(("Benchmark", "Failed on", "Error"), [(f"`{b.label}`", label, b.error or "–") for b, label in failed],
                  name="failed")


def build_comparison(fleet: Fleet, directory: Path, charts: bool = True):
    reference = fleet.reference_label
    doc = Document(f"concbench comparison — {', '.join(fleet.others())} against {reference}")
    doc.paragraph(f"Reference: **{reference}** (`{Path(fleet.runs[fleet.reference].sources[0]).name}`); compared: "
                  + ", ".join(f"**{label}** (`{Path(run.sources[0]).name}`)" for run, label in zip(fleet.runs, fleet.labels)
                              if label != reference)
                  + ". Ratio = time on the compared machine / time on the reference: below 1 it is faster. "
                  "Every number: the CSV file under its table.")
    overall_section(doc, fleet)
    changes_section(doc, fleet)
    workloads_section(doc, fleet, directory, charts)
    systems_section(doc, fleet.runs, fleet.labels)
    doc.heading("Per benchmark")
    doc.paragraph(f"Ratio = time B / time A with its 95% interval: paired round by round for runs made interleaved, "
                  f"else a bootstrap that resamples each run's processes. Verdict: **faster**/**slower** when the "
                  f"whole interval lies beyond the noise threshold ({NOISE_FLOOR:.0%}, or the A/A noise of an "
                  "interleaved run with an A′ if larger); **same** within it; otherwise no difference beyond ±X%, X "
                  f"the interval's far edge, with the processes that would settle it; **n/a** with fewer than "
                  f"{stats.MIN_UNITS} processes on a side.")
    catalog = fleet.runs[fleet.reference].catalog
    for label in fleet.others():
        details_section(doc, fleet.comparisons[label], reference, label, catalog)
    missing_section(doc, fleet)
    doc.write(directory)


def console_summary(fleet: Fleet, index_html: Path) -> str:
    lines = []
    for label in fleet.others():
        comparison = fleet.comparisons[label]
        counts = comparison.verdict_counts()
        overall = fleet.geomeans(label).get(None)
        lines.append(f"{label} vs {fleet.reference_label}: {len(comparison.comparisons)} benchmarks in common, "
                     f"geometric mean time ratio {ratio_text(overall)} "
                     f"({speed_phrase(overall.value if overall else None, label)})"
                     + (", paired round by round" if comparison.paired else ""))
        lines.append(f"  faster {counts['faster']}, slower {counts['slower']}, same {counts['same']}, within "
                     f"{counts['within']}, n/a {counts['n/a']} (noise threshold ±{comparison.threshold:.0%}); not "
                     f"compared: {len(comparison.only_in_baseline)} only in {fleet.reference_label}, "
                     f"{len(comparison.only_in_contender)} only in {label}, {len(comparison.failed)} failed")
        warning = power_warning(comparison)
        if warning:
            lines.append("  cannot tell: " + warning)
        lines.append("  " + "  ".join(f"{workload} {format_ratio(estimate.value if estimate else None)}"
                                      for workload, estimate in fleet.geomeans(label).items() if workload))
        if comparison.p99:
            geomean = geometric_mean(c.ratio for c in comparison.p99)
            open_loop = sum(c.baseline.open_loop for c in comparison.p99)
            lines.append(f"  p99 latency at {len(comparison.p99)} cases: geometric mean ratio {format_ratio(geomean)}"
                         + (f" ({open_loop} open-loop cases compared by p99 only)" if open_loop else ""))
    for change in fleet.changes():
        lines.append("  best model: " + change.text(fleet.reference_label).replace("`", ""))
    lines.append(f"report: {index_html}")
    return "\n".join(lines)


