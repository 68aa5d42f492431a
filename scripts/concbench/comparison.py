"""Two runs side by side: every benchmark both measured, as a time ratio B/A with its interval and
a verdict, and the geometric means a reader starts from."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable

from . import stats
from .machine import noise_threshold
from .runs import Benchmark, ResultsError, Run
from .verdicts import VERDICTS, verdict

P99_COUNTER = "latency_p99_s"


def geometric_mean(values: Iterable[float]) -> float | None:
    values = [v for v in values if v and v > 0]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else None


@dataclass(frozen=True)
class Comparison:
    """One benchmark present in both runs; ratio = contender time / baseline time (< 1: contender faster)."""

    baseline: Benchmark
    contender: Benchmark
    estimate: stats.Estimate       # the ratio's median and 95% interval
    verdict: str

    @property
    def ratio(self) -> float:
        return self.estimate.value

    @property
    def name(self) -> str:
        return self.baseline.label

    @property
    def workload(self) -> str:
        return self.baseline.workload

    @property
    def model(self) -> str:
        return self.baseline.model


@dataclass
class RunComparison:
    comparisons: list
    only_in_baseline: list      # Benchmarks
    only_in_contender: list
    failed: list                # baseline Benchmarks present in both runs but failed in either
    threshold: float = 0.05
    p99: list = field(default_factory=list)    # Comparisons of p99 latency rather than time, where both have it

    def by_workload(self) -> dict[str, list[Comparison]]:
        groups: dict[str, list] = {}
        for comparison in self.comparisons:
            groups.setdefault(comparison.workload, []).append(comparison)
        return groups

    def geomean_by_workload(self) -> dict[str, float]:
        return {w: geometric_mean(c.ratio for c in group) for w, group in self.by_workload().items()}

    def geomean(self) -> float | None:
        return geometric_mean(c.ratio for c in self.comparisons)

    def geomean_by_workload_and_model(self) -> dict[tuple[str, str], float]:
        groups: dict[tuple, list] = {}
        for comparison in self.comparisons:
            groups.setdefault((comparison.workload, comparison.model), []).append(comparison.ratio)
        return {key: geometric_mean(ratios) for key, ratios in groups.items()}

    def verdict_counts(self, workload: str | None = None) -> dict[str, int]:
        counts = dict.fromkeys(VERDICTS, 0)
        for comparison in self.comparisons:
            if workload is None or comparison.workload == workload:
                counts[comparison.verdict] += 1
        return counts


def counter_ratio_estimate(a: Benchmark, b: Benchmark, counter: str) -> stats.Estimate | None:
    """B's counter / A's, medians over each side's processes with a bootstrap interval that resamples
    them, as for times; None unless both carry the counter above 0."""
    sides = []
    for bench in (a, b):
        values = bench.counter_values(counter)
        processes = bench.kept_processes if len(values) == len(bench.kept_times_s) else None
        pairs = [(v, processes[i] if processes else None) for i, v in enumerate(values) if v is not None]
        if not pairs or min(v for v, _ in pairs) <= 0:
            return None
        sides.append(([v for v, _ in pairs], [g for _, g in pairs] if processes else None))
    (a_values, a_groups), (b_values, b_groups) = sides
    return stats.ratio_estimate(a_values, b_values, a_groups, b_groups)


def compare_runs(baseline: Run, contender: Run, threshold: float | None = None) -> RunComparison:
    """Pairs the benchmarks of two runs by name; raises ResultsError when they share none.

    Each ratio B/A comes with a bootstrap interval over both runs' processes; the verdict says
    whether the interval lies beyond the noise threshold (verdicts.verdict). Benchmarks with
    per-request latencies on both sides are also compared by p99; open-loop ones only by p99.
    """
    common = [name for name in baseline.benchmarks if name in contender.benchmarks]
    if not common:
        raise ResultsError(f"{', '.join(baseline.sources)} and {', '.join(contender.sources)} "
                           "have no benchmark in common")
    threshold = noise_threshold(baseline, contender) if threshold is None else threshold
    comparisons, failed, p99 = [], [], []
    for name in common:
        a, b = baseline.benchmarks[name], contender.benchmarks[name]
        if not (a.ok and b.ok):
            failed.append(a if not a.ok else b)
            continue
        latency = counter_ratio_estimate(a, b, P99_COUNTER)
        if latency is not None:
            p99.append(Comparison(a, b, latency, verdict(latency, threshold)))
        if a.open_loop:           # its time is the schedule's on either machine: only its p99 tells
            continue
        estimate = stats.ratio_estimate(a.kept_times_s or (a.time_s,), b.kept_times_s or (b.time_s,),
                                        a.kept_processes, b.kept_processes)
        comparisons.append(Comparison(a, b, estimate, verdict(estimate, threshold)))
    return RunComparison(
        comparisons=comparisons,
        only_in_baseline=[b for n, b in baseline.benchmarks.items() if n not in contender.benchmarks],
        only_in_contender=[b for n, b in contender.benchmarks.items() if n not in baseline.benchmarks],
        failed=failed, threshold=threshold, p99=p99)
