"""Two runs side by side: every benchmark both measured, as a time ratio B/A with its interval and
a verdict, and the geometric means a reader starts from.

Runs measured interleaved by one `scripts/bench --ab` (their contexts share a concbench_ab id)
are compared pair by pair: the A and B processes of a round ran seconds apart, so the machine's
drift, which both saw, cancels in their ratio. The ratio is the geometric mean of the per-round
ratios with a Student t interval over the rounds (Kalibera and Jones). Runs made apart — two
machines, two days — are compared unpaired: a bootstrap that resamples each side's processes.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from typing import Iterable

import numpy as np

from . import stats
from .runs import Benchmark, ResultsError, Run
from .verdicts import NOISE_FLOOR, VERDICTS, Verdict, judge

P99_COUNTER = "latency_p99_s"
AB_KEY = "concbench_ab"


def geometric_mean(values: Iterable[float]) -> float | None:
    values = [v for v in values if v and v > 0]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else None


@dataclass(frozen=True)
class Comparison:
    """One benchmark present in both runs; ratio = contender time / baseline time (< 1: contender faster)."""

    baseline: Benchmark
    contender: Benchmark
    estimate: stats.Estimate       # the ratio's value and 95% interval
    judgement: Verdict
    paired: bool = False

    @property
    def verdict(self) -> str:
        return self.judgement.word

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
    threshold: float = NOISE_FLOOR
    p99: list = field(default_factory=list)    # Comparisons of p99 latency rather than time, where both have it
    paired: bool = False        # measured interleaved by one scripts/bench --ab, compared round by round

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


def paired_ratio(a: Benchmark, b: Benchmark) -> stats.Estimate | None:
    """B/A from the rounds both measured: the geometric mean of the per-round ratios with a 95%
    Student t interval. A round in which other programs interfered with either side is left out,
    as long as MIN_UNITS pairs remain. None with fewer than two pairs."""
    a_rounds, b_rounds = a.kept_by_round(), b.kept_by_round()
    common = sorted(set(a_rounds) & set(b_rounds))
    disturbed = a.interfered_rounds() | b.interfered_rounds()
    clean = [r for r in common if r not in disturbed]
    rounds = clean if len(clean) >= stats.MIN_UNITS else common
    if len(rounds) < 2:
        return None
    logs = np.log([b_rounds[r] / a_rounds[r] for r in rounds])
    mean = float(np.mean(logs))
    if len(rounds) < stats.MIN_UNITS:
        return stats.Estimate(math.exp(mean), None, None, len(rounds))
    from scipy.stats import t
    half = float(t.ppf(0.5 + stats.CONFIDENCE / 2, len(logs) - 1)) * float(np.std(logs, ddof=1)) / math.sqrt(len(logs))
    return stats.Estimate(math.exp(mean), math.exp(mean - half), math.exp(mean + half), len(rounds))


def unpaired_ratio(a: Benchmark, b: Benchmark) -> stats.Estimate:
    """B/A of two independent samples: medians, with a bootstrap that resamples each side's processes."""
    return stats.ratio_estimate(a.kept_times_s or (a.time_s,), b.kept_times_s or (b.time_s,),
                                a.kept_processes, b.kept_processes)


def interleaved(baseline: Run, contender: Run) -> bool:
    """Whether both runs come from one scripts/bench --ab, so their rounds pair up."""
    first, second = baseline.context.get(AB_KEY), contender.context.get(AB_KEY)
    return isinstance(first, dict) and isinstance(second, dict) and first.get("run") is not None \
        and first.get("run") == second.get("run") and first.get("index") != second.get("index")


def noise_threshold(baseline: Run, contender: Run, floor: float = NOISE_FLOOR) -> float:
    """The smallest change this comparison calls one: the floor, or the A/A noise of the run it
    comes from where that run had an A′ identical to A (scripts/bench --ab same), if larger."""
    found = [floor]
    for run in (baseline, contender):
        ab = run.context.get(AB_KEY)
        if isinstance(ab, dict) and isinstance(ab.get("aa_noise"), (int, float)):
            found.append(float(ab["aa_noise"]))
    return max(found)


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

    Each ratio B/A comes with a 95% interval — paired by round for an interleaved run, else a
    bootstrap over both runs' processes — and a verdict against the noise threshold
    (verdicts.judge). Benchmarks with per-request latencies on both sides are also compared by
    p99; open-loop ones only by p99.
    """
    common = [name for name in baseline.benchmarks if name in contender.benchmarks]
    if not common:
        raise ResultsError(f"{', '.join(baseline.sources)} and {', '.join(contender.sources)} "
                           "have no benchmark in common")
    threshold = noise_threshold(baseline, contender) if threshold is None else threshold
    paired = interleaved(baseline, contender)
    comparisons, failed, p99 = [], [], []
    for name in common:
        a, b = baseline.benchmarks[name], contender.benchmarks[name]
        if not (a.ok and b.ok):
            failed.append(a if not a.ok else b)
            continue
        latency = counter_ratio_estimate(a, b, P99_COUNTER)
        if latency is not None:
            p99.append(Comparison(a, b, latency, judge(latency, threshold)))
        if a.open_loop:           # its time is the schedule's on either machine: only its p99 tells
            continue
        estimate = paired_ratio(a, b) if paired else None
        estimate = estimate or unpaired_ratio(a, b)
        comparisons.append(Comparison(a, b, estimate, judge(estimate, threshold), paired=estimate.units > 0 and paired))
    return RunComparison(
        comparisons=comparisons,
        only_in_baseline=[b for n, b in baseline.benchmarks.items() if n not in contender.benchmarks],
        only_in_contender=[b for n, b in contender.benchmarks.items() if n not in baseline.benchmarks],
        failed=failed, threshold=threshold, p99=p99, paired=paired)


def aa_noise(comparison: RunComparison, share: float = 0.9) -> float | None:
    """From an A/A comparison (two identical configurations): how far apart identical benchmarks
    landed for `share` of them, |B/A - 1|, the threshold below which a B/A difference in the same
    run is not told from noise."""
    deviations = sorted(abs(c.ratio - 1) for c in comparison.comparisons)
    if not deviations:
        return None
    return deviations[min(len(deviations) - 1, int(share * len(deviations)))]


def coverage(comparison: RunComparison) -> float | None:
    """The share of an A/A comparison's intervals that hold 1: 95% when the intervals are honest."""
    intervals = [c.estimate for c in comparison.comparisons if c.estimate.has_interval]
    return sum(1 for e in intervals if e.low <= 1 <= e.high) / len(intervals) if intervals else None


def median_width(comparison: RunComparison) -> float | None:
    """The median relative half-width of the ratios' intervals: the difference this comparison resolves."""
    widths = [max(e.high / e.value - 1, 1 - e.low / e.value) for e in (c.estimate for c in comparison.comparisons)
              if e.has_interval]
    return statistics.median(widths) if widths else None
