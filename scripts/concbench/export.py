"""CSV files: every table of a report or a comparison as it is shown, and results.csv, one row per
benchmark with every argument its own column and every number in plain units — what a user takes
to a spreadsheet or another tool. One module, so that report and compare write CSV alike."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from .analysis import Analysis

MARKUP = re.compile(r"\*\*|`")


def plain(cell: str) -> str:
    """A report cell without its markdown: **bold** and `code` marks dropped."""
    return MARKUP.sub("", str(cell))


def write_table(path: Path, headers, rows):
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow([plain(h) for h in headers])
        writer.writerows([[plain(c) for c in row] for row in rows])


def interval_columns(name: str, estimate) -> dict:
    """{name, name_low, name_high} of an estimate, empty strings where there is none."""
    if estimate is None:
        return {name: "", f"{name}_low": "", f"{name}_high": ""}
    return {name: f"{estimate.value:.6g}", f"{name}_low": "" if estimate.low is None else f"{estimate.low:.6g}",
            f"{name}_high": "" if estimate.high is None else f"{estimate.high:.6g}"}


def results_rows(analysis: Analysis) -> tuple[list[str], list[dict]]:
    """One row per benchmark: workload, model, every argument of the run as a column (empty where a
    benchmark lacks it), time with its 95% interval, speedup, efficiency, p50 and p99 where measured,
    how many values and processes, how many values other programs interfered with, and any error."""
    run = analysis.run
    args = list(dict.fromkeys(k for b in run.all() for k in b.args))
    rows = []
    for workload in run.workloads():
        for bench in sorted(run.all(workload), key=lambda b: (run.catalog.model_rank(workload, b.model), b.name)):
            row = {"workload": bench.workload, "model": bench.model}
            row.update({f"arg_{k}": bench.args.get(k, "") for k in args})
            if bench.ok:
                result = analysis.result(bench)
                row.update(interval_columns("time_s", bench.time_estimate))
                row.update(interval_columns("speedup_x", result.speedup))
                row.update(interval_columns("efficiency", result.efficiency))
                p50, p99 = bench.counter("latency_p50_s"), bench.counter("latency_p99_s")
                row.update(latency_p50_s="" if p50 is None else f"{p50:.6g}",
                           latency_p99_s="" if p99 is None else f"{p99:.6g}",
                           beyond_limit="yes" if result.beyond_limit else "")
            row.update(values=len(bench.times_s), processes=bench.units if bench.ok else 0,
                       interfered=sum(1 for f in bench.interfered if f), error=bench.error or "")
            rows.append(row)
    columns = ["workload", "model"] + [f"arg_{k}" for k in args]
    for name in ("time_s", "speedup_x", "efficiency"):
        columns += [name, f"{name}_low", f"{name}_high"]
    columns += ["latency_p50_s", "latency_p99_s", "beyond_limit", "values", "processes", "interfered", "error"]
    return columns, rows


def write_results(path: Path, analysis: Analysis):
    columns, rows = results_rows(analysis)
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)
