"""Per-request latency of the workloads that serve requests (latency, http, mixed, pipeline), from
the counters every such entry carries: its percentiles at a representative case per workload, p99
against the offered rate of an open-loop sweep, and each model's saturation point.

Pure functions of a loaded run, so the report's latency sections are tested on fixtures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .formatting import describe_args, format_rate, format_seconds
from .load import is_number
from .runs import OPEN_LOOP_ARG, Benchmark, Run

# (label, percentile, counter): nearest-rank percentiles over every request of a benchmark's timed
# calls; max has no percentile of its own.
PERCENTILES = (("50%", 0.5, "latency_p50_s"), ("90%", 0.9, "latency_p90_s"), ("99%", 0.99, "latency_p99_s"),
               ("99.9%", 0.999, "latency_p999_s"), ("max", None, "latency_max_s"))
# Where max sits on the nines axis: one step (ten times rarer) beyond 99.9%.
MAX_NINES = 4.0
OPEN_LOOP_COUNTERS = ("offered_rate", "achieved_rate", "latency_p99_first_s", "latency_p99_last_s")
COUNTERS = tuple(counter for _, _, counter in PERCENTILES) + OPEN_LOOP_COUNTERS

# A model is saturated at a rate where its p99 reaches this many times the delay: a request then
# waited as long again as its own work, in a queue.
SATURATION_DELAYS = 2.0
# p99 of the last quarter of the schedule above this many times the first quarter's: the queue grew.
GROWTH_FACTOR = 1.5
# Achieved and offered rates further apart than this are worth a word.
RATE_TOLERANCE = 0.05



def nines(percentile: float | None) -> float:
    """Position on the nines axis, log10(1 / (1 - p)): 50% at 0.3, 90% at 1, 99% at 2, 99.9% at 3."""
    return MAX_NINES if percentile is None else -math.log10(1.0 - percentile)


def has_percentiles(bench: Benchmark) -> bool:
    return bench.counter("latency_p99_s") is not None


def percentile_points(bench: Benchmark) -> list[tuple[str, float, float]]:
    """(label, nines position, seconds) for each percentile the entry carries (medians over its processes)."""
    points = []
    for label, percentile, counter in PERCENTILES:
        value = bench.counter(counter)
        if value is not None:
            points.append((label, nines(percentile), value))
    return points


@dataclass(frozen=True)
class PercentileCase:
    """One case of a workload (all its arguments) and every model's percentiles there."""

    workload: str
    config: tuple                 # the case's arguments, Benchmark.config
    why: str                      # "most models" or "most in flight"
    curves: dict                  # model -> [(label, nines position, seconds)]

    @property
    def label(self) -> str:
        return describe_args(self.config)

    @property
    def delay_s(self) -> float | None:
        delay = dict(self.config).get("delay_ms")
        return delay / 1e3 if is_number(delay) and delay > 0 else None


def percentile_cases(run: Run, workload: str) -> list[PercentileCase]:
    """The case where the most models ran (the most in flight on ties, then the largest), and, where
    the workload has a concurrency, the case with the most in flight that two or more models ran:
    at most two, because one line per model is readable only for a few cases. Closed loop only:
    the open loop has its own chart."""
    by_case: dict[tuple, dict] = {}
    for bench in run.ok(workload):
        if has_percentiles(bench) and not bench.open_loop:
            by_case.setdefault(bench.config, {})[bench.model] = bench
    if not by_case:
        return []

    def in_flight(config):
        value = dict(config).get("concurrency")
        return value if is_number(value) else 0

    def size(config):
        return tuple(v if is_number(v) else 0 for _, v in config)

    chosen = [(max(by_case, key=lambda c: (len(by_case[c]), in_flight(c), size(c))), "most models")]
    shared = [c for c in by_case if len(by_case[c]) >= 2 and in_flight(c)]
    if shared:
        most = max(shared, key=lambda c: (in_flight(c), len(by_case[c]), size(c)))
        if most != chosen[0][0] and in_flight(most) > in_flight(chosen[0][0]):
            chosen.append((most, "most in flight"))
    return [PercentileCase(workload, config, why, {m: percentile_points(b) for m, b in by_case[config].items()})
            for config, why in chosen]


# ----------------------------------------------------------------------------- open loop

@dataclass(frozen=True)
class SweepPoint:
    bench: Benchmark
    rate: float                   # offered, requests per second
    p99_s: float
    p99_first_s: float | None     # p99 of the first quarter of the schedule
    p99_last_s: float | None      # ... and of the last
    achieved_rate: float | None

    @property
    def queue_grows(self) -> bool:
        """Whether p99 of the last quarter is well above the first's: requests fell further behind."""
        return (self.p99_first_s is not None and self.p99_last_s is not None
                and self.p99_last_s > GROWTH_FACTOR * self.p99_first_s)

    @property
    def achieved_fraction(self) -> float | None:
        return self.achieved_rate / self.rate if self.achieved_rate is not None and self.rate > 0 else None


@dataclass(frozen=True)
class Saturation:
    kind: str                     # "reached", "not_reached", "below_lowest" or "no_threshold"
    rate: float | None            # the highest rate whose p99 stayed below the threshold
    lowest: float | None          # the lowest rate tested
    first_above: SweepPoint | None
    recovered: tuple = ()         # higher rates whose p99 was below the threshold again

    def text(self) -> str:
        if self.recovered:
            head = format_rate(self.rate) if self.kind == "reached" else f"< {format_rate(self.lowest)}"
            return f"{head}? (below again at {format_rate(self.recovered[0].rate)})"
        if self.kind == "reached":
            return format_rate(self.rate)
        if self.kind == "not_reached":
            return f"≥ {format_rate(self.rate)} (not reached)"
        if self.kind == "below_lowest":
            return f"< {format_rate(self.lowest)} (the lowest rate)"
        return "– (delay 0: no threshold)"


@dataclass(frozen=True)
class Sweep:
    """One model's open-loop entries at one case but for the rate (and the request count, which is
    the rate times a fixed duration), in rate order."""

    workload: str
    model: str
    config: tuple                 # the case's arguments but requests and rate
    points: tuple

    @property
    def delay_ms(self) -> float:
        return dict(self.config).get("delay_ms") or 0

    @property
    def threshold_s(self) -> float:
        return SATURATION_DELAYS * self.delay_ms / 1e3

    @property
    def label(self) -> str:
        return describe_args(self.config)

    @property
    def saturation(self) -> Saturation:
        """The highest offered rate whose p99 stays below 2 × delay, there and at every lower rate."""
        lowest = self.points[0].rate
        if self.threshold_s <= 0:
            return Saturation("no_threshold", None, lowest, None)
        below = None
        for index, point in enumerate(self.points):
            if point.p99_s >= self.threshold_s:
                # Load only adds queueing: a higher rate back under the threshold says the excess
                # here was not load but a stall of the machine, and the point is in doubt.
                recovered = tuple(p for p in self.points[index + 1:] if p.p99_s < self.threshold_s)
                if below is None:
                    return Saturation("below_lowest", None, lowest, point, recovered)
                return Saturation("reached", below.rate, lowest, point, recovered)
            below = point
        return Saturation("not_reached", below.rate, lowest, None)

    def shortfalls(self) -> list[SweepPoint]:
        """The rates whose achieved rate is more than 5% off the offered one."""
        return [p for p in self.points if p.achieved_fraction is not None
                and abs(p.achieved_fraction - 1.0) > RATE_TOLERANCE]


def sweep_key(bench: Benchmark) -> tuple:
    """What makes entries one sweep: every argument but the rate and the request count (N = rate x
    a fixed duration, so it changes with the rate)."""
    return tuple((k, v) for k, v in bench.args.items() if k not in (OPEN_LOOP_ARG, "requests"))


def sweeps(run: Run, workload: str) -> list[Sweep]:
    """Every model's open-loop sweep in the workload that carries p99, models in vocabulary order
    left to the caller; a sweep of one rate is still a sweep (its saturation is a bound)."""
    groups: dict[tuple, list] = {}
    for bench in run.ok(workload):
        if not bench.open_loop or not has_percentiles(bench):
            continue
        offered = bench.counter("offered_rate")
        point = SweepPoint(bench, offered if offered else float(bench.args[OPEN_LOOP_ARG]),
                           bench.counter("latency_p99_s"), bench.counter("latency_p99_first_s"),
                           bench.counter("latency_p99_last_s"), bench.counter("achieved_rate"))
        groups.setdefault((sweep_key(bench), bench.model), []).append(point)
    return [Sweep(workload, model, config, tuple(sorted(points, key=lambda p: p.rate)))
            for (config, model), points in groups.items()]


def above_saturation_text(sweep: Sweep) -> str | None:
    """What happened at the model's first rate above its saturation point, or None if there is none."""
    point = sweep.saturation.first_above
    if point is None:
        return None
    seconds = format_seconds
    head = (f"first over the threshold at {format_rate(point.rate)} requests/s offered (p99 {seconds(point.p99_s)}, "
            f"threshold {seconds(sweep.threshold_s)})")
    if sweep.saturation.recovered:
        again = sweep.saturation.recovered[0]
        head += (f", but back under it at {format_rate(again.rate)} requests/s (p99 {seconds(again.p99_s)}): more load "
                 "cannot make requests faster, so the excess was a stall of the machine, not saturation, and this "
                 "saturation point is in doubt until a run confirms it")
    if point.p99_first_s is None or point.p99_last_s is None:
        return head + "; no first- and last-quarter p99 recorded"
    if point.queue_grows:
        return (head + f"; p99 grew from {seconds(point.p99_first_s)} in the first quarter of the schedule to "
                f"{seconds(point.p99_last_s)} in the last: the queue grows with time")
    return (head + f"; over the threshold but flat: p99 {seconds(point.p99_first_s)} in the first quarter of the "
            f"schedule and {seconds(point.p99_last_s)} in the last, so each request is slower at this load, but "
            "no queue builds up")


def shortfall_text(sweep: Sweep) -> str | None:
    """Where the model completed requests at a rate more than 5% below the one offered. The C++
    side's achieved_rate is the spacing of the completions, so a model that keeps up achieves the
    offered rate whatever the schedule's length."""
    behind = list(sweep.shortfalls())
    if not behind:
        return None
    items = [f"{format_rate(p.achieved_rate)} requests/s of {format_rate(p.rate)} offered ({p.achieved_fraction:.0%})"
             for p in behind]
    return "completed " + (items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1])


def sweep_findings(sweep: Sweep) -> str | None:
    """One sentence per model for the report: its first rate above saturation and its shortfalls."""
    parts = [text for text in (above_saturation_text(sweep), shortfall_text(sweep)) if text]
    if not parts:
        return None
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."
