"""The data model every step of the analysis shares: a Run of the suite and its Benchmarks.

A Benchmark is one name's values from every process that measured it, with the counters each
value carried; a Run is the benchmarks of one suite run (possibly merged from parts), its
context (the machine's fingerprint) and its catalog. Loading fills them (load.py); everything
after reads them and adds nothing to them.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from functools import cached_property

from . import stats
from .catalog import Catalog, from_context

# Arguments that say how much parallelism was used rather than which problem was solved.
PARALLELISM_ARGS = ("workers", "concurrency")

# The last name argument of an open-loop entry: requests on a fixed schedule of `rate` per second
# (wrk2's -R), each request's latency counted from its intended start. Its time is the schedule's
# length, not the model's speed, so it has no speedup and no place in a ranking by time.
OPEN_LOOP_ARG = "rate"

# A repetition during which other programs or the hypervisor used more than this many CPUs'
# worth of time (other_cpus, steal_cpus) is flagged as interfered with (by scripts/bench) and left
# out of the numbers where enough clean ones remain.
INTERFERENCE_CPUS = 0.2


class ResultsError(Exception):
    """Input that cannot be turned into a report; the message is one line for the user."""


@dataclass(frozen=True)
class Note:
    level: str     # "warning" or "note"
    text: str


def format_arg(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class Benchmark:
    """One benchmark of one run, with its values (repetitions) from all its processes gathered."""

    name: str                      # Google Benchmark's run_name, the key across runs
    workload: str
    model: str
    args: dict                     # named arguments in name order, e.g. {"n": 200000000, "workers": 2}
    times_s: tuple = ()            # real seconds per iteration, one per value
    cpu_times_s: tuple = ()
    counters: dict = field(default_factory=dict)   # counter name -> per-value values (None where missing)
    processes: tuple = ()          # the process that measured each value (None: not recorded)
    rounds: tuple = ()             # the round of scripts/bench each value was measured in (None: not recorded)
    interfered: tuple = ()         # whether other programs took a share of the CPUs during each value
    repetitions: int = 1
    error: str | None = None
    aggregate_time_s: float | None = None          # median aggregate, used when repetitions were not written
    aggregate_cv: float | None = None

    @property
    def label(self) -> str:
        """The name without Google Benchmark's own suffixes, e.g. cpu_sum/tbb/n:200000000/workers:2."""
        return "/".join([self.workload, self.model] + [f"{k}:{format_arg(v)}" for k, v in self.args.items()])

    @property
    def args_label(self) -> str:
        return " ".join(f"{k}={format_arg(v)}" for k, v in self.args.items())

    @property
    def ok(self) -> bool:
        return self.error is None and (bool(self.times_s) or self.aggregate_time_s is not None)

    @property
    def open_loop(self) -> bool:
        """Requests on a fixed schedule (a `rate` argument) rather than as fast as lanes free up."""
        return OPEN_LOOP_ARG in self.args

    @property
    def problem(self) -> tuple:
        """The arguments that define the problem, i.e. all but the amount of parallelism."""
        return tuple((k, v) for k, v in self.args.items() if k not in PARALLELISM_ARGS)

    @property
    def config(self) -> tuple:
        return tuple(self.args.items())

    @cached_property
    def kept(self) -> tuple:
        """Indices of the values the numbers rest on: those no other program interfered with, as
        long as at least MIN_UNITS processes' worth and half of all values remain; else all."""
        every = tuple(range(len(self.times_s)))
        clean = tuple(i for i in every if not (self.interfered and self.interfered[i]))
        groups = {self.processes[i] if self.processes else i for i in clean}
        return clean if len(groups) >= stats.MIN_UNITS and 2 * len(clean) >= len(every) else every

    @property
    def excluded(self) -> int:
        """Values left out of the numbers because other programs interfered with them."""
        return len(self.times_s) - len(self.kept)

    @property
    def kept_times_s(self) -> tuple:
        return tuple(self.times_s[i] for i in self.kept)

    @property
    def kept_processes(self) -> tuple | None:
        return tuple(self.processes[i] for i in self.kept) if self.processes else None

    def kept_by_round(self) -> dict:
        """{round: median of the kept values measured in it}, for ratios paired by round."""
        if not self.rounds:
            return {}
        by_round: dict = {}
        for i in self.kept:
            if self.rounds[i] is not None:
                by_round.setdefault(self.rounds[i], []).append(self.times_s[i])
        return {r: statistics.median(v) for r, v in by_round.items()}

    def interfered_rounds(self) -> set:
        return {self.rounds[i] for i in range(len(self.times_s)) if self.rounds and self.interfered
                and self.interfered[i]}

    @property
    def units(self) -> int:
        """Independent measurements behind the numbers: processes, or values where not recorded."""
        return len(set(self.kept_processes)) if self.kept_processes else len(self.kept)

    @property
    def time_s(self) -> float:
        """Median real time per iteration in seconds over the kept values (robust to one slow one)."""
        if self.times_s:
            return statistics.median(self.kept_times_s)
        if self.aggregate_time_s is not None:
            return self.aggregate_time_s
        raise ValueError(f"{self.name} has no time")

    @cached_property
    def time_estimate(self) -> stats.Estimate:
        """The median time with its 95% interval over the processes."""
        if not self.times_s:
            return stats.Estimate(self.time_s, None, None, 1)
        return stats.median_estimate(self.kept_times_s, self.kept_processes)

    @property
    def cv(self) -> float | None:
        """Coefficient of variation of the kept values (sample stddev / mean), None without repetitions."""
        times = self.kept_times_s
        if len(times) >= 2:
            mean = statistics.mean(times)
            return statistics.stdev(times) / mean if mean > 0 else None
        return self.aggregate_cv

    def counter_values(self, key: str) -> list:
        """The counter's kept values, aligned with kept_times_s (None where an entry lacks it)."""
        values = self.counters.get(key)
        if not values:
            return []
        if len(values) != len(self.times_s):      # aggregates-only files: one central value
            return list(values)
        return [values[i] for i in self.kept]

    def counter(self, key: str) -> float | None:
        values = [v for v in self.counter_values(key) if v is not None]
        return statistics.median(values) if values else None

    def counter_estimate(self, key: str) -> stats.Estimate | None:
        """The counter's median with its 95% interval over the processes, None without it."""
        values = self.counter_values(key)
        processes = self.kept_processes if len(values) == len(self.kept_times_s) else None
        kept = [(v, processes[i] if processes else None) for i, v in enumerate(values) if v is not None]
        if not kept:
            return None
        return stats.median_estimate([v for v, _ in kept], [p for _, p in kept] if processes else None)

    def per_value_ratio(self, numerator: str) -> stats.Estimate | None:
        """counter / time for each value (a paired ratio: both measured in the same repetition),
        as a median with its interval over the processes; None when values lack the counter."""
        values = self.counter_values(numerator)
        if not values or len(values) != len(self.kept_times_s) or any(v is None for v in values):
            return None
        ratios = [v / t for v, t in zip(values, self.kept_times_s)]
        return stats.median_estimate(ratios, self.kept_processes)

    def arg(self, key: str, default=None):
        return self.args.get(key, default)

    @property
    def workers(self) -> float | None:
        """How many workers it ran with: its `workers` counter (workers:all names the machine's CPUs,
        the counter says how many), else a numeric `workers` argument, else None."""
        value = self.counter("workers")
        if value is not None:
            return value
        named = self.args.get("workers")
        return named if isinstance(named, (int, float)) else None


@dataclass
class Run:
    """One run of the suite: its context, its catalog and its benchmarks keyed by name (possibly
    merged from parts)."""

    context: dict
    benchmarks: dict
    sources: tuple = ()
    contexts: tuple = ()
    catalog: Catalog | None = None

    def __post_init__(self):
        if self.catalog is None:
            self.catalog = from_context(self.context)

    def all(self, workload: str | None = None) -> list[Benchmark]:
        return [b for b in self.benchmarks.values() if workload is None or b.workload == workload]

    def ok(self, workload: str | None = None) -> list[Benchmark]:
        return [b for b in self.all(workload) if b.ok]

    def failed(self) -> list[Benchmark]:
        return [b for b in self.all() if not b.ok]

    def workloads(self) -> list[str]:
        """The workloads measured, in the catalog's order (the docs' order, the same in every report)."""
        return self.catalog.order_workloads(b.workload for b in self.benchmarks.values())

    def kind(self, workload: str) -> str:
        return self.catalog.workload(workload).kind

    def facts(self, bench: Benchmark):
        return self.catalog.model(bench.workload, bench.model)

    def order(self, workload: str | None, models) -> list[str]:
        return self.catalog.order_models(workload, models)

    @property
    def repetitions(self) -> int:
        return max((len(b.times_s) or b.repetitions for b in self.ok()), default=0)
