"""The report's table of every benchmark of a workload, and the rule by which a speedup or an
efficiency is shown: within its limit as a result, beyond it (by more than its interval and the
baseline's accuracy) only as an anomaly."""

from __future__ import annotations

from ..analysis import BASELINE_ACCURACY, Analysis, Result
from ..document import Document
from ..formatting import (factor_text, format_counter, format_factor, format_percent, format_seconds, percent_text,
                          seconds_text)

# The per-request latencies a results table shows (the percentile chart shows the rest).
LATENCY_COLUMNS = (("Latency p50", "latency_p50_s"), ("p99", "latency_p99_s"), ("max", "latency_max_s"))

# Counters that record how a value was measured rather than what it measured: they feed the
# "How far the numbers hold" section, not the tables; and the ones other columns already show.
BOOKKEEPING_COUNTERS = {"other_cpus", "steal_cpus", "baseline_drift", "serial_s", "workers", "ideal_s", "efficiency"}
LATENCY_COUNTERS = {"latency_p50_s", "latency_p90_s", "latency_p99_s", "latency_p999_s", "latency_max_s",
                    "offered_rate", "achieved_rate", "latency_p99_first_s", "latency_p99_last_s"}


def interval_only(estimate, single) -> str:
    return f"{single(estimate.low)}–{single(estimate.high)}" if estimate.has_interval else "–"


def efficiency_text(result: Result) -> str:
    """Efficiency with its interval, as a result only where it is one: an anomaly (its whole interval
    beyond 100% and the baseline's accuracy) is named, not printed; a median beyond the limit whose
    interval reaches back under it is unsettled, and only its interval is shown; one within the
    baseline's accuracy of 100% is 100% within noise."""
    estimate = result.efficiency
    if estimate is None:
        return "–"
    if result.anomaly is not None and result.anomaly.what == "efficiency":
        return "anomaly (see Anomalies)"
    return bounded_efficiency_text(estimate)


def unsettled_text(interval: str, sentence: bool) -> str:
    """Only the interval of a median beyond its limit: 'unsettled (96%–109%)' in a table cell,
    '96%–109% (unsettled)' in a sentence."""
    return f"{interval} (unsettled)" if sentence else f"unsettled ({interval})"


def bounded_efficiency_text(estimate, sentence: bool = False) -> str:
    """An efficiency that is no anomaly, said the same way wherever the report says it: unsettled
    (its interval only) when its median lies beyond 100% and the baseline's accuracy, ≈100% when
    within that accuracy of it."""
    if estimate.value > 1.0 + BASELINE_ACCURACY:
        return unsettled_text(interval_only(estimate, format_percent), sentence)
    if estimate.value > 1.0:
        return f"≈100% ({percent_text(estimate).split('(')[-1]}"
    return percent_text(estimate)


def speedup_text(result: Result) -> str:
    estimate, limit = result.speedup, result.limit
    if estimate is None:
        return "–"
    if result.anomaly is not None:
        return "anomaly (see Anomalies)"
    return bounded_speedup_text(estimate, limit)


def bounded_speedup_text(estimate, limit: float | None, sentence: bool = False) -> str:
    """A speedup that is no anomaly, the same way wherever the report says it (see
    bounded_efficiency_text)."""
    if limit and estimate.value > limit * (1 + BASELINE_ACCURACY):
        return unsettled_text(interval_only(estimate, format_factor), sentence)
    if limit and estimate.value > limit:
        return f"≈{format_factor(limit)} ({factor_text(estimate).split('(')[-1]}"
    return factor_text(estimate)


def speedup_header(analysis: Analysis, workload: str) -> str:
    """What the speedup column is here: serial work divided, or waits overlapped."""
    return "Overlap (N × L / time)" if analysis.catalog.workload(workload).overlap else "Speedup vs serial"


def extra_counters(benchmarks) -> list[str]:
    """Counters beyond the standard ones, in order of appearance."""
    return list(dict.fromkeys(k for b in benchmarks for k in b.counters
                              if k not in BOOKKEEPING_COUNTERS and k not in LATENCY_COUNTERS))


def results_table(doc: Document, analysis: Analysis, workload: str):
    """Every closed-loop benchmark of the workload (open loops have their own table), with speedup,
    efficiency, its p50, p99 and max latency where it has them, and any extra counters."""
    run = analysis.run
    benchmarks = [b for b in run.ok(workload) if not b.open_loop]
    if not benchmarks:
        return
    order = run.order(workload, {b.model for b in benchmarks})
    benchmarks.sort(key=lambda b: (order.index(b.model), tuple(map(str, b.args.values()))))
    extras = extra_counters(benchmarks)
    latencies = [(label, counter) for label, counter in LATENCY_COLUMNS
                 if any(counter in b.counters for b in benchmarks)]
    show_throughput = any("requests" in b.args for b in benchmarks)
    headers = ["Model", "Arguments", "Time (95% interval)", "Spread", "Processes", speedup_header(analysis, workload),
               "Efficiency", "Ideal"]
    headers += ["Requests/s"] if show_throughput else []
    headers += [label for label, _ in latencies]
    headers += extras
    rows = []
    for bench in benchmarks:
        result = analysis.result(bench)
        row = [bench.model, bench.args_label, seconds_text(bench.time_estimate),
               "–" if bench.cv is None else f"±{bench.cv:.1%}",
               str(bench.units) + (f" ({bench.excluded} left out)" if bench.excluded else ""),
               speedup_text(result), efficiency_text(result), format_seconds(result.ideal_s)]
        if show_throughput:
            requests = bench.arg("requests")
            row.append(f"{requests / bench.time_s:,.0f}" if requests else "–")
        row += [format_seconds(bench.counter(counter)) for _, counter in latencies]
        row += [format_counter(name, bench.counter(name)) for name in extras]
        rows.append(row)
    doc.table(headers, rows, numeric=[False, False] + [True] * (len(headers) - 2))
