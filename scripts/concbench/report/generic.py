"""The section of a workload the catalog gives no kind the report knows: every benchmark's time,
so that nothing measured is dropped."""

from __future__ import annotations

from pathlib import Path

from ..analysis import Analysis
from ..charts.bars import Bar, log_bars_chart
from ..charts.style import Styles
from ..document import Document
from ..formatting import format_seconds


def generic_section(doc: Document, analysis: Analysis, workload: str, styles: Styles, directory: Path):
    run = analysis.run
    benchmarks = run.ok(workload)
    order = run.order(workload, {b.model for b in benchmarks})
    benchmarks = sorted(benchmarks, key=lambda b: (order.index(b.model), tuple(map(str, b.args.values()))))
    bars = [Bar(b.model, b.time_s, b.time_estimate.low, b.time_estimate.high, label=f"{b.model}  {b.args_label}")
            for b in benchmarks]
    doc.image(log_bars_chart(bars, styles, f"{workload}: how long does each model take? (lower is better)",
                             "time per run (log scale; whisker = 95% interval)", directory, f"{workload}_time.png",
                             format_seconds), f"{workload} time per benchmark")
