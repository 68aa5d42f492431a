"""N machines (or builds, or CPU sets) against a reference, the way SPEC and the Phoronix Test Suite
compare hardware: a ratio to the reference per benchmark, geometric means per workload, per model
and overall — with intervals, over the cases every machine ran — wins and losses, the all-core
cases per core, and where the model that wins changes with the machine.

A geometric mean's interval comes from its benchmarks' own: in logs the mean of n ratios has the
variance of the sum of theirs over n², each read off its 95% interval. It says how well the
measurements pin the mean of these benchmarks down, not how the machines would fare on others.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field

from . import stats
from .analysis import Analysis
from .comparison import RunComparison, compare_runs
from .machine import cores
from .summary import Answer, answers

Z95 = 1.959964


def geomean_estimate(estimates) -> stats.Estimate | None:
    """The geometric mean of ratios with a 95% interval from theirs (None without ratios)."""
    estimates = [e for e in estimates if e is not None and e.value > 0]
    if not estimates:
        return None
    logs = [math.log(e.value) for e in estimates]
    mean = sum(logs) / len(logs)
    if not all(e.has_interval and e.low > 0 for e in estimates):
        return stats.Estimate(math.exp(mean), None, None, len(estimates))
    variance = sum(((math.log(e.high) - math.log(e.low)) / (2 * Z95)) ** 2 for e in estimates) / len(logs) ** 2
    half = Z95 * math.sqrt(variance)
    return stats.Estimate(math.exp(mean), math.exp(mean - half), math.exp(mean + half), len(estimates))


@dataclass(frozen=True)
class PerCore:
    """An all-core case on one machine against the reference: time ratio and per-core throughput."""

    name: str
    ratio: stats.Estimate          # time on the machine / time on the reference
    cores: int
    reference_cores: int

    @property
    def throughput(self) -> float:
        """All-core throughput against the reference's: above 1, the machine does more."""
        return 1 / self.ratio.value

    @property
    def per_core(self) -> float:
        """Throughput per core against the reference's: above 1, each of its cores does more."""
        return self.throughput * self.reference_cores / self.cores


@dataclass(frozen=True)
class Change:
    """A workload whose best model on a machine differs from the reference's."""

    workload: str
    label: str
    reference: Answer
    here: Answer

    def text(self, reference_label: str) -> str:
        case = ", ".join(f"{k}={v}" for k, v in self.here.config.items())
        ref_tied = {r.bench.model for r in self.reference.tied}
        here_tied = {r.bench.model for r in self.here.tied}
        if self.here.winner.model in ref_tied or self.reference.winner.model in here_tied:
            return (f"`{self.workload}`: {self.here.winner.model} leads on {self.label}, {self.reference.winner.model} on "
                    f"{reference_label}, but each is tied with the other on one of them ({case})")
        return (f"`{self.workload}`: on {self.label}, {self.here.winner.model} overtakes {self.reference.winner.model} "
                f"({case})")


@dataclass
class Fleet:
    runs: list
    labels: list
    reference: int = 0
    threshold: float | None = None
    comparisons: dict = field(default_factory=dict)      # label -> RunComparison with the reference
    answers: dict = field(default_factory=dict)          # label -> {workload: Answer}

    def __post_init__(self):
        base = self.runs[self.reference]
        for run, label in zip(self.runs, self.labels):
            if run is not base:
                self.comparisons[label] = compare_runs(base, run, self.threshold)

    @property
    def reference_label(self) -> str:
        return self.labels[self.reference]

    def others(self) -> list[str]:
        return [label for label in self.labels if label != self.reference_label]

    def common(self) -> set:
        """The benchmarks compared on every machine: the set every geometric mean is taken over."""
        sets = [{c.name for c in comparison.comparisons} for comparison in self.comparisons.values()]
        return set.intersection(*sets) if sets else set()

    def missing(self) -> list[tuple[str, list[str]]]:
        """Each benchmark compared on some machines but not all, and the machines that lack it."""
        everywhere, found = self.common(), {}
        for label, comparison in self.comparisons.items():
            for c in comparison.comparisons:
                if c.name not in everywhere:
                    found.setdefault(c.name, set()).add(label)
        for label, comparison in self.comparisons.items():
            for bench in comparison.only_in_baseline + comparison.only_in_contender + comparison.failed:
                if bench.label not in everywhere:
                    found.setdefault(bench.label, set())
        return [(name, sorted(set(self.others()) - have)) for name, have in sorted(found.items())]

    def shared(self, label: str) -> list:
        everywhere = self.common()
        return [c for c in self.comparisons[label].comparisons if c.name in everywhere]

    def geomeans(self, label: str) -> dict:
        """{workload: Estimate, ..., None: overall} of the machine's time ratios to the reference."""
        shared = self.shared(label)
        found = {}
        for workload in self.runs[self.reference].catalog.order_workloads({c.workload for c in shared}):
            found[workload] = geomean_estimate(c.estimate for c in shared if c.workload == workload)
        found[None] = geomean_estimate(c.estimate for c in shared)
        return found

    def geomeans_by_model(self, label: str) -> dict:
        shared = self.shared(label)
        groups: dict = {}
        for c in shared:
            groups.setdefault((c.workload, c.model), []).append(c.estimate)
        return {key: geomean_estimate(group) for key, group in groups.items()}

    def verdict_counts(self, label: str) -> dict:
        comparison: RunComparison = self.comparisons[label]
        return comparison.verdict_counts()

    def per_core(self, label: str) -> list[PerCore]:
        """The all-core cases (workers:all) both ran, per core of each machine."""
        run = self.runs[self.labels.index(label)]
        here, there = cores(run.context), cores(self.runs[self.reference].context)
        return [PerCore(c.name, c.estimate, here, there) for c in self.comparisons[label].comparisons
                if c.baseline.arg("workers") == "all"]

    def winners(self) -> dict:
        """{label: {workload: Answer}} for every machine."""
        if not self.answers:
            for run, label in zip(self.runs, self.labels):
                self.answers[label] = {a.workload: a for a in answers(Analysis(run))}
        return self.answers

    def changes(self) -> list[Change]:
        """Where the best model on a machine is not the reference's."""
        found, winners = [], self.winners()
        reference = winners[self.reference_label]
        for label in self.others():
            for workload, here in winners[label].items():
                there = reference.get(workload)
                if there is not None and here.winner.model != there.winner.model:
                    found.append(Change(workload, label, there, here))
        return found


def per_core_summary(rows: list[PerCore]) -> tuple[float, float] | None:
    """The median all-core throughput ratio and the median per-core one."""
    if not rows:
        return None
    return statistics.median(r.throughput for r in rows), statistics.median(r.per_core for r in rows)
