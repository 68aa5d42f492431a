"""compare.py's document: two or more runs side by side, the first as the baseline — ratios with
intervals and verdicts, geometric means, the systems table, and p99 latencies where measured."""

from __future__ import annotations

from pathlib import Path

from . import quality, stats
from .analysis import Analysis
from .charts.comparison import ratio_chart
from .charts.style import Styles
from .comparison import P99_COUNTER, RunComparison, geometric_mean
from .document import Document
from .formatting import format_factor, format_seconds
from .machine import MACHINE_FIELDS, machine_table, unique_labels
from .verdicts import NOISE_FLOOR
from .runs import ResultsError, Run
from .verdicts import VERDICTS as VERDICT_COLUMNS


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


def format_ratio(ratio: float | None) -> str:
    return "–" if ratio is None else f"{ratio:.3f}"


def format_interval(estimate) -> str:
    if not estimate.has_interval:
        return "–"
    return f"{estimate.low:.3f} – {estimate.high:.3f}"




def summary_rows(comparison: RunComparison) -> list[tuple]:
    geomeans = comparison.geomean_by_workload()
    rows = []
    for workload, group in comparison.by_workload().items():
        counts = comparison.verdict_counts(workload)
        rows.append((f"`{workload}`", len(group), format_ratio(geomeans[workload]),
                     *(counts[v] for v in VERDICT_COLUMNS)))
    counts = comparison.verdict_counts()
    rows.append(("**overall**", len(comparison.comparisons), f"**{format_ratio(comparison.geomean())}**",
                 *(counts[v] for v in VERDICT_COLUMNS)))
    return rows


def power_warning(comparison: RunComparison) -> str | None:
    """Says when too few processes make a verdict impossible, and how to get enough."""
    short = [c for c in comparison.comparisons if c.verdict == "n/a"]
    if not short:
        return None
    fewest = min(min(c.baseline.units, c.contender.units) for c in short)
    return (f"{len(short)} of {len(comparison.comparisons)} benchmarks have fewer than {stats.MIN_UNITS} processes "
            f"on a side (as few as {fewest}): no interval, so no verdict. Run scripts/bench with its default "
            f"--processes 3 or more (older files: each repetition counts as one process).")


def comparison_section(doc: Document, comparison: RunComparison, baseline: str, contender: str,
                       directory: Path, index: int, styles: Styles):
    doc.heading(f"{contender} vs {baseline}")
    counts = comparison.verdict_counts()
    geomean = comparison.geomean()
    doc.paragraph(f"Over {len(comparison.comparisons)} benchmarks in both runs, {contender} takes "
                  f"**{format_ratio(geomean)}×** the time of {baseline} (geometric mean): "
                  f"**{speed_phrase(geomean, contender)}**. Faster on {contender}: {counts['faster']}, "
                  f"slower: {counts['slower']}, the same within ±{comparison.threshold:.0%}: {counts['same']}, "
                  f"no difference beyond the interval: {counts['within']}, n/a: {counts['n/a']}.")
    warning = power_warning(comparison)
    if warning:
        doc.callout("warning", warning)
    doc.table(("Workload", "Benchmarks", f"Geomean {contender}/{baseline}", f"{contender} faster",
               f"{contender} slower", "Same", "Unclear", "n/a"), summary_rows(comparison),
              numeric=(False, True, True, True, True, True, True, True))
    doc.image(ratio_chart(comparison.geomean_by_workload_and_model(), styles, baseline, contender, directory,
                          f"ratios_{index}.png"), f"time ratio {contender}/{baseline} per workload and model")
    if comparison.p99:
        doc.paragraph(p99_summary(comparison, contender, baseline) + " (per case under Details).")


def p99_summary(comparison: RunComparison, contender: str, baseline: str) -> str:
    """One sentence on the p99 latencies of the cases both runs measured them at."""
    counts = dict.fromkeys(VERDICT_COLUMNS, 0)
    for c in comparison.p99:
        counts[c.verdict] += 1
    geomean = geometric_mean(c.ratio for c in comparison.p99)
    return (f"**p99 latency** at the {len(comparison.p99)} cases both runs measured it: {contender} has "
            f"{format_ratio(geomean)}× the p99 of {baseline} (geometric mean; below 1 is lower latency); lower on "
            f"{contender}: {counts['faster']}, higher: {counts['slower']}, the same: {counts['same']}, unclear: "
            f"{counts['within']}, n/a: {counts['n/a']}. Open-loop cases are compared only here: their time is "
            "the schedule's on either machine")


def details_section(doc: Document, comparison: RunComparison, baseline: str, contender: str, catalog):
    doc.heading(f"Details: {contender} vs {baseline}", 3)
    for workload, group in comparison.by_workload().items():
        order = catalog.order_models(workload, {c.model for c in group})
        group = sorted(group, key=lambda c: (order.index(c.model), tuple(map(str, c.baseline.args.values()))))
        doc.paragraph(f"`{workload}`")
        doc.table(("Model", "Arguments", baseline, contender, "Ratio", "95% interval", "Verdict"),
                  [(c.model, c.baseline.args_label, format_seconds(c.baseline.time_s),
                    format_seconds(c.contender.time_s), format_ratio(c.ratio), format_interval(c.estimate),
                    f"**{c.verdict}**" if c.judgement.called else c.judgement.text()) for c in group],
                  numeric=(False, False, True, True, True, True, False))
    if comparison.p99:
        doc.paragraph("p99 latency per request (ratio B/A below 1: lower latency on the compared system):")
        order = catalog.order_models(None, {c.model for c in comparison.p99})
        group = sorted(comparison.p99, key=lambda c: (c.workload, order.index(c.model),
                                                      tuple(map(str, c.baseline.args.values()))))
        doc.table(("Workload", "Model", "Arguments", baseline, contender, "Ratio", "95% interval", "Verdict"),
                  [(f"`{c.workload}`", c.model, c.baseline.args_label,
                    format_seconds(c.baseline.counter(P99_COUNTER)),
                    format_seconds(c.contender.counter(P99_COUNTER)), format_ratio(c.ratio),
                    format_interval(c.estimate), f"**{c.verdict}**" if c.judgement.called else c.judgement.text())
                   for c in group], numeric=(False, False, False, True, True, True, True, False))
    left_out = [(b, f"only in {baseline}") for b in comparison.only_in_baseline]
    left_out += [(b, f"only in {contender}") for b in comparison.only_in_contender]
    left_out += [(b, f"failed: {b.error}") for b in comparison.failed]
    if left_out:
        doc.paragraph("Not compared:")
        doc.table(("Benchmark", "Why"), [(f"`{bench.label}`", why) for bench, why in left_out])


def systems_section(doc: Document, runs: list[Run], labels: list[str]):
    doc.heading("Systems")
    tables = [dict(machine_table(run.context)) for run in runs]
    fields = [key for key in MACHINE_FIELDS if any(key in table for table in tables)]
    rows = []
    for key in fields:
        values = [table.get(key, "–") for table in tables]
        differs = len(set(values)) > 1
        rows.append((f"**{key}**" if differs else key, *values))
    doc.table(("", *labels), rows)
    doc.paragraph("Fields in bold differ between the systems.")
    for run, label in zip(runs, labels):
        for note in quality.notes(Analysis(run)):
            if note.level == "warning":
                doc.callout("warning", f"{label}: {note.text}")


def build_comparison(runs: list[Run], labels: list[str], comparisons: list, directory: Path):
    baseline = labels[0]
    doc = Document(f"concbench comparison — {' vs '.join(labels[1:])} against {baseline}")
    doc.paragraph("Baseline: " + f"**{baseline}** (`{Path(runs[0].sources[0]).name}`); compared: "
                  + ", ".join(f"**{label}** (`{Path(run.sources[0]).name}`)"
                              for run, label in zip(runs[1:], labels[1:])) + ". "
                  "Ratio = time on the compared system / time on the baseline: below 1 it is faster. "
                  "Geometric means weight every benchmark equally, whatever its duration.")
    for index, (comparison, label) in enumerate(zip(comparisons, labels[1:]), start=1):
        styles = Styles(runs[0].catalog, None, {c.model for c in comparison.comparisons})
        comparison_section(doc, comparison, baseline, label, directory, index, styles)
    systems_section(doc, runs, labels)
    doc.heading("Per benchmark")
    threshold = comparisons[0].threshold if comparisons else NOISE_FLOOR
    doc.paragraph(f"Ratio = median time B / median time A, with a 95% bootstrap interval that resamples each run's "
                  f"processes. Verdict: **faster**/**slower** when the whole interval lies beyond the noise "
                  f"threshold of ±{threshold:.0%} ({NOISE_FLOOR:.0%}, or the A/A noise of an interleaved run with an A′ "
                  f"if larger); **same** when it lies within it; otherwise **no difference beyond ±X%**, X the interval's far edge, "
                  f"with the processes that would settle it; **n/a** "
                  f"with fewer than {stats.MIN_UNITS} processes on a side. Times are medians over the processes.")
    for comparison, label in zip(comparisons, labels[1:]):
        details_section(doc, comparison, baseline, label, runs[0].catalog)
    doc.write(directory)


def console_summary(comparisons: list, labels: list[str], index_html: Path) -> str:
    lines = []
    for comparison, label in zip(comparisons, labels[1:]):
        counts = comparison.verdict_counts()
        geomean = comparison.geomean()
        lines.append(f"{label} vs {labels[0]}: {len(comparison.comparisons)} benchmarks in common, geometric mean "
                     f"time ratio {format_ratio(geomean)} ({speed_phrase(geomean, label)})")
        lines.append(f"  faster {counts['faster']}, slower {counts['slower']}, same {counts['same']}, within "
                     f"{counts['within']}, n/a {counts['n/a']} (noise threshold ±{comparison.threshold:.0%}); not "
                     f"compared: {len(comparison.only_in_baseline)} only in {labels[0]}, "
                     f"{len(comparison.only_in_contender)} only in {label}, {len(comparison.failed)} failed")
        warning = power_warning(comparison)
        if warning:
            lines.append("  cannot tell: " + warning)
        lines.append("  " + "  ".join(f"{workload} {format_ratio(ratio)}"
                                      for workload, ratio in comparison.geomean_by_workload().items()))
        if comparison.p99:
            geomean = geometric_mean(c.ratio for c in comparison.p99)
            open_loop = sum(c.baseline.open_loop for c in comparison.p99)
            lines.append(f"  p99 latency at {len(comparison.p99)} cases: geometric mean ratio {format_ratio(geomean)}"
                         + (f" ({open_loop} open-loop cases compared by p99 only)" if open_loop else ""))
    lines.append(f"report: {index_html}")
    return "\n".join(lines)


