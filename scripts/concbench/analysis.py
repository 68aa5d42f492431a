"""Ratios and limits: each benchmark's speedup, efficiency and the limit physics sets it, computed
once per run (Analysis) for every later step to read.

Every limit comes from C++: the `ideal_s` counter each value states (Amdahl for CPU work, Little's
law for waits, the slowest stage for queues) and the paired `serial_s` baseline measured beside
it. Nothing here recomputes an ideal: an entry without `ideal_s` (JSON from before it was
written, or a case whose ideal is undefined, such as a crawl at delay 0) has no efficiency.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from . import stats
from .catalog import ModelFacts
from .runs import Benchmark, Run

# How exactly a paired baseline matches the timed loop it brackets: the serial model, timed
# against its own baseline, lands between 0.97 and 1.01 on the development VM (five runs), so
# an excess of up to 3% over a limit is within the baseline's own accuracy, not beyond physics.
BASELINE_ACCURACY = 0.03


def overlap_reference_s(bench: Benchmark) -> float | None:
    """What one request after another would take: N requests × L (the numerator of a request
    workload's overlap), None where the entry is not N waits of L."""
    requests, delay_ms = bench.arg("requests"), bench.arg("delay_ms")
    if isinstance(requests, (int, float)) and isinstance(delay_ms, (int, float)):
        return requests * delay_ms / 1e3
    return None


def reference_entry(run: Run, bench: Benchmark) -> Benchmark | None:
    """The entry of the model `bench`'s speedup rests on (the workload's baseline, or py_serial for a
    Python model) at the same problem arguments, one worker preferred."""
    reference = run.catalog.reference(bench.workload, bench.model)
    candidates = [b for b in run.ok(bench.workload) if b.model == reference and b.problem == bench.problem]
    candidates.sort(key=lambda b: (b.workers not in (None, 1), b.workers or 1))
    return candidates[0] if candidates else None


def speedup_estimate(run: Run, bench: Benchmark) -> stats.Estimate | None:
    """Serial time / model time with its 95% interval.

    Request workloads: N requests × L over the model's time, the waits it overlapped. Entries that
    carry their own serial baseline (`serial_s`, measured beside each repetition): the median of
    the paired per-repetition ratios. Otherwise the reference model's entry at the same problem, as
    a ratio of two independent samples. None for an open loop, whose time is the schedule's, and
    for workloads that answer with a counter of their own.
    """
    facts = run.catalog.workload(bench.workload)
    if not bench.ok or bench.open_loop or not facts.has_speedup:
        return None
    if facts.overlap:
        reference = overlap_reference_s(bench)
        return bench.time_estimate.inverse(reference) if reference else None
    paired = bench.per_value_ratio("serial_s")
    if paired is not None:
        return paired
    reference = reference_entry(run, bench)
    if reference is None:
        return None
    if not reference.times_s or not bench.times_s:
        return stats.Estimate(reference.time_s / bench.time_s, None, None, 1)
    return stats.ratio_estimate(bench.kept_times_s, reference.kept_times_s, bench.kept_processes,
                                reference.kept_processes)


def efficiency_estimate(bench: Benchmark) -> stats.Estimate | None:
    """Ideal / measured time with its 95% interval: 1.0 is the limit, 0.5 twice as slow.

    Each repetition states its own ideal (from the baseline measured beside it, or from N, C and
    L), so this is the median of the paired per-repetition ratios.
    """
    if not bench.ok:
        return None
    paired = bench.per_value_ratio("ideal_s")
    if paired is not None:
        return paired
    ideal = bench.counter("ideal_s")
    if ideal:
        return bench.time_estimate.inverse(ideal)
    stated = bench.counter("efficiency")
    return stats.Estimate(stated, None, None, 1) if stated is not None else None


def speedup_limit(run: Run, bench: Benchmark) -> float | None:
    """The largest speedup physics allows this benchmark: its reference time / its ideal
    (min(workers, cores) for CPU work, less where a model uses one thread or two big jobs bound
    it; the requests in flight for waits)."""
    ideal = bench.counter("ideal_s")
    if bench.open_loop or not ideal:
        return None
    if run.catalog.workload(bench.workload).overlap:
        reference = overlap_reference_s(bench)
    else:
        entry = reference_entry(run, bench)
        reference = bench.counter("serial_s") or (entry.time_s if entry else None)
    return reference / ideal if reference else None


@dataclass(frozen=True)
class Anomaly:
    """A value beyond the physical limit by more than its interval: a flaw in the measurement."""

    bench: Benchmark
    what: str              # "efficiency" or "speedup"
    estimate: stats.Estimate
    limit: float
    cause: str


def likely_cause(bench: Benchmark, facts: ModelFacts) -> str:
    """What most likely put a value beyond its limit, from what the entry recorded."""
    interfered = sum(1 for i in bench.kept if bench.interfered and bench.interfered[i])
    if interfered:
        return f"other programs took CPU time during {interfered} of its {len(bench.kept)} repetitions"
    drifts = [abs(v) for v in bench.counter_values("baseline_drift") if v is not None]
    if drifts and max(drifts) > 0.1:
        return (f"the machine's speed changed by up to {max(drifts):.0%} between the serial baseline before and "
                "after a repetition")
    if facts.in_processes and not facts.python:
        return ("its work runs in another executable (concbench_worker), where the same kernel can run faster "
                "than in concbench because of where the linker placed it")
    return "the serial baseline ran slower than the model's own serial work (a slow spell during the baseline?)"


@dataclass(frozen=True)
class Result:
    """What the analysis says of one benchmark: everything a table, a chart or a verdict reads."""

    bench: Benchmark
    facts: ModelFacts
    speedup: stats.Estimate | None
    efficiency: stats.Estimate | None
    limit: float | None             # the largest speedup physics allows it
    anomaly: Anomaly | None

    @property
    def ideal_s(self) -> float | None:
        return self.bench.counter("ideal_s")

    @property
    def unsettled(self) -> bool:
        """Its median lies beyond the limit (and the baseline's accuracy) though its interval reaches
        back under it: no result either way, only an interval too wide to say anything."""
        if self.anomaly is not None:
            return False
        efficiency, speedup = self.efficiency, self.speedup
        if efficiency is not None and efficiency.value > 1.0 + BASELINE_ACCURACY:
            return True
        return bool(self.limit and speedup is not None and speedup.value > self.limit * (1 + BASELINE_ACCURACY))

    @property
    def beyond_limit(self) -> bool:
        """Not a result: an anomaly, or a median beyond the limit (unsettled)."""
        return self.anomaly is not None or self.unsettled

    @property
    def model(self) -> str:
        return self.bench.model


def analyse_benchmark(run: Run, bench: Benchmark) -> Result:
    facts = run.facts(bench)
    speedup = speedup_estimate(run, bench)
    efficiency = efficiency_estimate(bench)
    limit = speedup_limit(run, bench)
    anomaly = None
    if efficiency is not None and efficiency.above(1.0 + BASELINE_ACCURACY):
        anomaly = Anomaly(bench, "efficiency", efficiency, 1.0, likely_cause(bench, facts))
    elif limit and speedup is not None and speedup.above(limit * (1 + BASELINE_ACCURACY)):
        anomaly = Anomaly(bench, "speedup", speedup, limit, likely_cause(bench, facts))
    return Result(bench, facts, speedup, efficiency, limit, anomaly)


class Analysis:
    """A run with every benchmark analysed once, on first use; the charts, tables and verdicts of a
    report all read the same Result of a benchmark."""

    def __init__(self, run: Run):
        self.run = run
        self._results: dict[str, Result] = {}

    @property
    def catalog(self):
        return self.run.catalog

    def result(self, bench: Benchmark) -> Result:
        if bench.name not in self._results:
            self._results[bench.name] = analyse_benchmark(self.run, bench)
        return self._results[bench.name]

    def results(self, workload: str | None = None) -> list[Result]:
        return [self.result(b) for b in self.run.ok(workload)]

    def speedup(self, bench: Benchmark) -> float | None:
        estimate = self.result(bench).speedup
        return estimate.value if estimate else None

    def efficiency(self, bench: Benchmark) -> float | None:
        estimate = self.result(bench).efficiency
        return estimate.value if estimate else None

    @cached_property
    def anomalies(self) -> list[Anomaly]:
        """Every efficiency above 100% and speedup above its limit whose whole interval lies beyond
        it by more than the baseline's accuracy."""
        return [r.anomaly for r in self.results() if r.anomaly is not None]

    def is_anomalous(self, bench: Benchmark) -> bool:
        return self.result(bench).anomaly is not None
