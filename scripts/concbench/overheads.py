"""The costs of each concurrency model, for the report's Overheads section: start-up overhead per
unit, break-even task grain, memory per unit and the cost of one hand-over between two units,
gathered into one table per model.

The overhead workloads are found by kind, each by the counter the catalog says answers it
(overhead_s, efficiency against grain_s, bytes_per_unit, switch_s), never by name. Pure functions
of a loaded Run, tested against tests/python/fixtures/overheads.json.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import stats
from .formatting import format_bytes, format_percent, format_seconds, int_text
from .runs import Benchmark, Run

# The counters that answer each overhead question (the catalog's `measure` of a workload).
STARTUP, GRAIN, MEMORY, SWITCH = "overhead_s", "efficiency", "bytes_per_unit", "switch_s"


def measured_by(run: Run, counter: str) -> list[Benchmark]:
    """Every entry of the overhead workloads the catalog says `counter` answers."""
    return [b for w in run.catalog.of_kind(run.workloads(), "overhead")
            if run.catalog.workload(w).measure == counter for b in run.ok(w)]


def overhead_workloads(run: Run) -> list[str]:
    return [w for w in run.catalog.of_kind(run.workloads(), "overhead") if run.ok(w)]

# Efficiency a model must keep at a grain, and at every larger one, for that grain to be worth it.
BREAK_EVEN_EFFICIENCY = 0.9


@dataclass(frozen=True)
class Spread:
    """Median of a counter over the kept values, with its 95% interval over the processes (the
    median itself where too few processes give none)."""

    median: float
    low: float
    high: float


def counter_spread(bench: Benchmark, key: str) -> Spread | None:
    values = bench.counter_values(key)
    kept = [(v, p) for v, p in zip(values, bench.kept_processes or [None] * len(values)) if v is not None]
    if not kept:
        return None
    estimate = stats.median_estimate([v for v, _ in kept], [p for _, p in kept])
    if not estimate.has_interval:
        return Spread(estimate.value, estimate.value, estimate.value)
    return Spread(estimate.value, estimate.low, estimate.high)


# ----------------------------------------------------------------------------- start-up overhead

@dataclass(frozen=True)
class StartupOverhead:
    model: str
    heap_mib: float          # resident heap of the parent a process was forked from; 0 for the others
    overhead_s: Spread       # per unit, over the repetitions
    units: float | None
    unit_s: float | None = None          # measured time per unit
    serial_unit_s: float | None = None   # the same work done inline

    @property
    def label(self) -> str:
        return f"{self.model}, {self.heap_mib:.0f} MiB heap" if self.heap_mib else self.model


def startup_overheads(run: Run) -> list[StartupOverhead]:
    """Overhead per unit started, per model (and parent heap), the baseline left out: its overhead is about 0."""
    found = []
    for bench in measured_by(run, STARTUP):
        spread = counter_spread(bench, STARTUP)
        if run.facts(bench).baseline or spread is None:
            continue
        found.append(StartupOverhead(bench.model, float(bench.arg("heap_mib", 0) or 0), spread,
                                     bench.counter("units") or bench.arg("units"), bench.counter("unit_s"),
                                     bench.counter("serial_unit_s")))
    # one bar per (model, heap); with several unit counts, the largest is the least noisy
    best: dict[tuple, StartupOverhead] = {}
    for entry in found:
        key = (entry.model, entry.heap_mib)
        if key not in best or (entry.units or 0) > (best[key].units or 0):
            best[key] = entry
    return sorted(best.values(), key=lambda e: (e.heap_mib, e.overhead_s.median))


# ----------------------------------------------------------------------------- grain

@dataclass(frozen=True)
class BreakEven:
    """Where a model's efficiency reaches BREAK_EVEN_EFFICIENCY for good.

    kind is "interpolated" (grain_s between two measured grains), "at_smallest" (the finest grain
    measured already passes: the break-even is at most grain_s) or "not_reached" (best_efficiency,
    at best_grain_s, is the closest it came).
    """

    kind: str
    grain_s: float | None
    best_efficiency: float
    best_grain_s: float

    def text(self) -> str:
        if self.kind == "interpolated":
            return format_seconds(self.grain_s)
        if self.kind == "at_smallest":
            return f"≤ smallest grain ({format_seconds(self.grain_s)})"
        return f"not reached (best {format_percent(self.best_efficiency)} at " \
               f"{format_seconds(self.best_grain_s)})"


def break_even_grain(points, threshold: float = BREAK_EVEN_EFFICIENCY) -> BreakEven | None:
    """Break-even of (grain_s, efficiency) points: the first grain from which efficiency stays >= threshold,
    interpolated in log-grain with the point before it."""
    points = sorted((g, e) for g, e in points if g and g > 0 and e is not None)
    if not points:
        return None
    best_grain, best_efficiency = max(points, key=lambda p: p[1])
    first = None
    for index in range(len(points) - 1, -1, -1):
        if points[index][1] < threshold:
            break
        first = index
    if first is None:
        return BreakEven("not_reached", None, best_efficiency, best_grain)
    if first == 0:
        return BreakEven("at_smallest", points[0][0], best_efficiency, best_grain)
    (g1, e1), (g2, e2) = points[first - 1], points[first]
    grain = math.exp(math.log(g1) + (threshold - e1) / (e2 - e1) * (math.log(g2) - math.log(g1)))
    return BreakEven("interpolated", grain, best_efficiency, best_grain)


@dataclass(frozen=True)
class GrainCurve:
    model: str
    points: tuple            # ((grain_s, efficiency), ...) by grain, medians over the repetitions
    config: dict             # the arguments other than grain the curve was measured at
    break_even: BreakEven
    benchmarks: tuple = ()   # the entry behind each point, in the same order

    @property
    def task_overhead_s(self) -> float | None:
        """Cost of one task, from the finest grain: grain_s x (1/efficiency - 1)."""
        grain, eff = self.points[0]
        return grain * (1 / eff - 1) if eff > 0 else None

    @property
    def ten_percent_grain_s(self) -> float | None:
        """Grain at which that per-task cost alone is 10% of the run: 9 x task overhead."""
        overhead = self.task_overhead_s
        return 9 * overhead if overhead is not None else None


def along_arg(benchmarks: list[Benchmark]) -> str | None:
    """The argument a curve runs along: the one with the most distinct values (the task size)."""
    names = list(dict.fromkeys(k for b in benchmarks for k in b.args))
    return max(names, key=lambda k: len({b.args.get(k) for b in benchmarks}), default=None)


def grain_curves(run: Run) -> dict[str, GrainCurve]:
    """{model: efficiency against grain}, at the configuration (total, workers) where the model has most points."""
    entries = [b for b in measured_by(run, GRAIN)
               if b.counter(run.catalog.workload(b.workload).against or "") is not None and b.counter(GRAIN) is not None]
    along = along_arg(entries)
    by_config: dict[tuple, list] = {}
    for bench in entries:
        grain, eff = bench.counter(run.catalog.workload(bench.workload).against), bench.counter(GRAIN)
        config = tuple((k, v) for k, v in bench.args.items() if k != along)
        by_config.setdefault((bench.model, config), []).append((grain, eff, bench))
    chosen: dict[str, tuple] = {}
    for (model, config), points in by_config.items():
        rank = (len(points), tuple(v if isinstance(v, (int, float)) else 0 for _, v in config))
        if model not in chosen or rank > chosen[model][0]:
            chosen[model] = (rank, config, sorted(points, key=lambda p: p[:2]))
    return {model: GrainCurve(model, tuple((g, e) for g, e, _ in points), dict(config),
                              break_even_grain([(g, e) for g, e, _ in points]), tuple(b for _, _, b in points))
            for model, (_, config, points) in chosen.items()}


def format_task_overhead(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return "≈ 0" if seconds <= 0 else format_seconds(seconds)


# ----------------------------------------------------------------------------- memory and context switch

@dataclass(frozen=True)
class MemoryPerUnit:
    model: str
    bytes_per_unit: Spread
    kernel_bytes: float | None
    virtual_bytes: float | None
    heap_bytes: float | None
    stack_bytes: float | None
    units: float | None


def memory_per_unit(run: Run) -> dict[str, MemoryPerUnit]:
    """{model: memory one unit costs}, from the entry with the most units when there are several."""
    found: dict[str, MemoryPerUnit] = {}
    for bench in measured_by(run, MEMORY):
        spread = counter_spread(bench, MEMORY)
        if spread is None:
            continue
        entry = MemoryPerUnit(bench.model, spread, bench.counter("kernel_bytes_per_unit"),
                              bench.counter("virtual_bytes_per_unit"), bench.counter("heap_bytes_per_unit"),
                              bench.counter("stack_bytes"), bench.counter("units") or bench.arg("units"))
        if bench.model not in found or (entry.units or 0) > (found[bench.model].units or 0):
            found[bench.model] = entry
    return found


def format_memory(count: float | None, approximate: bool = False) -> str:
    """Bytes in human units; a negative figure (memory returned while measuring) reads as ≈ 0."""
    if count is None:
        return "–"
    if count < 0.5:
        return "≈ 0 B" if count < 0 else "0 B"
    return ("≈ " if approximate else "") + format_bytes(round(count) if count < 1024 else count)


@dataclass(frozen=True)
class SwitchCost:
    model: str
    switch_s: Spread
    rounds: float | None


def switch_costs(run: Run) -> dict[str, SwitchCost]:
    found: dict[str, SwitchCost] = {}
    for bench in measured_by(run, SWITCH):
        spread = counter_spread(bench, SWITCH)
        if spread is None:
            continue
        rounds = bench.counter("rounds") or bench.arg("rounds")
        if bench.model not in found or (rounds or 0) > (found[bench.model].rounds or 0):
            found[bench.model] = SwitchCost(bench.model, spread, rounds)
    return found


# ----------------------------------------------------------------------------- choosing a model

SUMMARY_HEADERS = ("Model", "Start-up per unit", "Break-even grain (90%)", "Grain for 10% overhead",
                   "Memory per unit", "Switch", "Units measured")


def summary_rows(run: Run, order) -> list[tuple[str, ...]]:
    """One row per model that has any overhead figure ("–" where it has none), models in `order` order.

    Start-up is the model started from a small parent (heap_mib 0); the larger-heap variants are
    in the start-up table.
    """
    startup = {e.model: e for e in startup_overheads(run) if not e.heap_mib}
    curves, memory, switches = grain_curves(run), memory_per_unit(run), switch_costs(run)
    models = order(set(startup) | set(curves) | set(memory) | set(switches))
    rows = []
    for model in models:
        start, curve, mem, switch = startup.get(model), curves.get(model), memory.get(model), switches.get(model)
        units = ", ".join(part for part in (
            f"{int_text(start.units)} started" if start and start.units else "",
            f"{int_text(mem.units)} held" if mem and mem.units else "") if part)
        rows.append((model,
                     format_seconds(start.overhead_s.median) if start else "–",
                     curve.break_even.text() if curve else "–",
                     format_seconds(curve.ten_percent_grain_s) if curve and curve.ten_percent_grain_s
                     and curve.ten_percent_grain_s > 0 else ("≈ 0" if curve else "–"),
                     format_memory(mem.bytes_per_unit.median) if mem else "–",
                     format_seconds(switch.switch_s.median) if switch else "–",
                     units or "–"))
    return rows
