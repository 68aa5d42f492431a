"""Change points of a benchmark's or a workload's history, with their size, interval, p-value
and direction, the history's noise and the smallest step it could show; and the gate.

The gate runs on workload geometric means: a benchmark that is noisy on this machine moves its
workload's mean by a fraction, so it cannot fail a CI job alone (conbench#1348 shows Arrow
raising a per-benchmark z threshold from 5 to 10 to 30 to quiet such alarms). Per-benchmark
change points are still reported, to say which benchmarks moved a workload.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from . import edivisive, power
from .series import Run, RunSeries, benchmark_series, workload_series
from .significance import run_variance

REGRESSION = "regression"
IMPROVEMENT = "improvement"


@dataclass(frozen=True)
class DetectionSettings:
    """How sure the detector must be, and what it states about the power of a history."""

    max_p_value: float = 0.001      # Bonferroni-adjusted p-value a change point must reach
    window_runs: int = 50           # runs searched at once; windows overlap by half
    min_change: float = 0.0         # smallest |after/before - 1| reported (0: any significant one)
    confidence: float = 0.95        # of the interval on each ratio
    power: float = 0.9              # probability with which the smallest detectable step is found
    runs_after: int = 5             # runs after a step when its detectability is stated

    def __post_init__(self):
        for name in ("max_p_value", "confidence", "power"):
            if not 0 < getattr(self, name) < 1:
                raise ValueError(f"{name} must be between 0 and 1, is {getattr(self, name)}")
        if self.window_runs < 4 or self.runs_after < 1 or self.min_change < 0:
            raise ValueError(f"window_runs must be at least 4 ({self.window_runs}), runs_after at least 1 "
                             f"({self.runs_after}), min_change at least 0 ({self.min_change})")


@dataclass(frozen=True)
class ChangePoint:
    """A change in a history: from the run `run_id` on (index `index` of the history), the
    level is `ratio` times what it was (both sides' runs weighted by their noise)."""

    subject: str                    # benchmark or workload
    index: int                      # index in the history of the first run after the change
    run_id: str
    ratio: float                    # after / before, of the runs' medians
    ratio_low: float
    ratio_high: float
    p_value: float
    direction: str                  # REGRESSION (slower, or lower where higher is better) or IMPROVEMENT
    runs_before: int                # runs in the segment before (since the previous change point)
    runs_after: int

    @property
    def change(self) -> float:
        """Relative change, e.g. 0.12 for 12% more."""
        return self.ratio - 1.0


@dataclass(frozen=True)
class SeriesAnalysis:
    """What a history says about one subject: where it changed, how noisy it is, and the
    smallest step a history of its length and noise finds with the settings' power."""

    subject: str
    history_run_ids: tuple[str, ...]          # every run of the history; ChangePoint.index points here
    levels: tuple[float | None, ...]          # each run's median (a workload's geometric mean); None: not measured
    change_points: tuple[ChangePoint, ...]
    run_noise: float                          # standard deviation of one run's log level
    smallest_step: float                      # relative step found with settings.power (inf: too few runs)
    left_out: tuple[str, ...] = ()            # benchmarks a workload's mean leaves out

    @property
    def regressions(self) -> tuple[ChangePoint, ...]:
        return tuple(c for c in self.change_points if c.direction == REGRESSION)

    @property
    def improvements(self) -> tuple[ChangePoint, ...]:
        return tuple(c for c in self.change_points if c.direction == IMPROVEMENT)


def analyse_series(series: RunSeries, settings: DetectionSettings = DetectionSettings(),
                   higher_is_better: bool = False) -> SeriesAnalysis:
    """Change points of one series, tested between their neighbours, with the series' noise."""
    found = edivisive.change_points(series, settings.max_p_value, settings.window_runs,
                                    math.log1p(settings.min_change))
    points = []
    for split, test in found:
        low, high = test.interval(settings.confidence)
        slower = test.log_difference > 0
        points.append(ChangePoint(
            series.subject, series.positions[split], series.history_run_ids[series.positions[split]],
            math.exp(test.log_difference), math.exp(low), math.exp(high), test.p_value,
            IMPROVEMENT if slower == higher_is_better else REGRESSION, test.runs_before, test.runs_after))
    levels: list[float | None] = [None] * len(series.history_run_ids)
    for position, level in zip(series.positions, series.levels):
        levels[position] = math.exp(level)
    bounds = [0] + [split for split, _ in found] + [len(series)]
    variance, _ = run_variance(np.asarray(series.levels), np.asarray(series.within_variances),
                               [b - a for a, b in zip(bounds, bounds[1:])])
    noise = math.sqrt(variance)
    after = min(settings.runs_after, len(series) // 2)
    step = power.smallest_detectable_step(noise, len(series) - after, after, settings.max_p_value,
                                          settings.power)
    return SeriesAnalysis(series.subject, series.history_run_ids, tuple(levels), tuple(points), noise, step,
                          series.left_out)


def analyse_benchmark(name: str, runs: Sequence[Run], settings: DetectionSettings = DetectionSettings(),
                      higher_is_better: bool = False) -> SeriesAnalysis:
    """One benchmark's history (runs in time order, one value per process each)."""
    return analyse_series(benchmark_series(name, runs), settings, higher_is_better)


def gate_workloads(runs: Sequence[Run], workloads: Mapping[str, Sequence[str]],
                   settings: DetectionSettings = DetectionSettings(),
                   higher_is_better: bool = False) -> list[SeriesAnalysis]:
    """The default gate: the history of each workload's geometric mean (workload -> its
    benchmarks, as the catalog names them), analysed like one benchmark."""
    return [analyse_series(workload_series(workload, benchmarks, runs), settings, higher_is_better)
            for workload, benchmarks in workloads.items()]


@dataclass(frozen=True)
class AcceptedChange:
    """A change someone has looked at and accepted (a new baseline), as the results store keeps it."""

    subject: str                    # benchmark or workload
    run_id: str                     # the first run after the change


def is_accepted(point: ChangePoint, history_run_ids: Sequence[str], accepted: Collection[AcceptedChange],
                slack_runs: int = 1) -> bool:
    """Whether a mark covers this change point: same subject, and its run at most slack_runs
    away, since a change point can move by a run as more runs arrive after it."""
    positions = {run_id: i for i, run_id in enumerate(history_run_ids)}
    for mark in accepted:
        if mark.subject != point.subject:
            continue
        if mark.run_id == point.run_id:
            return True
        if mark.run_id in positions and abs(positions[mark.run_id] - point.index) <= slack_runs:
            return True
    return False


def open_regressions(analyses: Sequence[SeriesAnalysis], accepted: Collection[AcceptedChange] = (),
                     slack_runs: int = 1) -> list[ChangePoint]:
    """The regressions nobody has accepted yet: what a --fail-on-regression gate fails on."""
    return [point for analysis in analyses for point in analysis.regressions
            if not is_accepted(point, analysis.history_run_ids, accepted, slack_runs)]
