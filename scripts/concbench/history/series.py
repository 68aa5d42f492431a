"""The data model of a history: runs in time order, each with one value per process, and the
series of run levels the change-point search works on.

A run's level is the log of the median of its process values: the median, because one stalled
process must not move a run; the log, because changes in performance are ratios. Next to each
level goes the variance that the spread between processes alone puts on it, so the search knows
how much noise a run carries even when a history is too short to show it.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

# Variance of the median of n normal values in units of sigma²/n, for the 1-16 processes a
# run has (seeded simulation, 4 million draws each; even n average the middle two, hence the
# zigzag); beyond the table its limit pi/2, which errs on the careful side.
MEDIAN_VARIANCE_FACTORS = (1.0, 1.0, 1.347, 1.193, 1.436, 1.289, 1.472, 1.346, 1.495, 1.384, 1.508, 1.410,
                           1.519, 1.431, 1.526, 1.446)


def median_variance_factor(values: int) -> float:
    """Var(median of `values` normal values) / (sigma² / values)."""
    return MEDIAN_VARIANCE_FACTORS[values - 1] if values <= len(MEDIAN_VARIANCE_FACTORS) else math.pi / 2


class HistoryError(ValueError):
    """Input that cannot be analysed, said in one line (a command prints it and exits 2)."""


@dataclass(frozen=True)
class Run:
    """One run of the suite: the id the results store gives it and, per benchmark, one value
    per process (a process that wrote several values contributes their median)."""

    run_id: str
    values: Mapping[str, Sequence[float | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class RunSeries:
    """What the detector sees of one benchmark or workload: one point per run that measured it.

    `positions` are the points' indices in the history given, so a run that lacks the subject
    is skipped without renumbering the others."""

    subject: str
    history_run_ids: tuple[str, ...]       # every run of the history, in time order
    positions: tuple[int, ...]             # index in history_run_ids of each point
    levels: tuple[float, ...]              # log of the run's level
    within_variances: tuple[float, ...]    # variance of each level from the spread between processes
    within_df: int                         # degrees of freedom behind those variances
    left_out: tuple[str, ...] = ()         # benchmarks a workload's level leaves out (not in every run)

    def __len__(self) -> int:
        return len(self.levels)


def usable_values(values: Sequence[float | None] | None) -> list[float]:
    """The values a level can rest on: finite and above zero (a missing process is None or NaN)."""
    if values is None:
        return []
    return [float(v) for v in values if v is not None and math.isfinite(v) and v > 0]


def _check_runs(subject: str, runs: Sequence[Run]) -> None:
    if not runs:
        raise HistoryError(f"history of {subject}: needs at least 2 runs, has none")
    ids = [run.run_id for run in runs]
    if len(set(ids)) != len(ids):
        repeated = next(i for i in ids if ids.count(i) > 1)
        raise HistoryError(f"history of {subject}: run {repeated} appears twice")


def _too_short(subject: str, points: int, runs: int) -> HistoryError:
    if points == runs:
        return HistoryError(f"history of {subject}: needs at least 2 runs, has {runs}")
    return HistoryError(f"history of {subject}: needs at least 2 runs with values, "
                        f"has {points} of {runs} runs")


def benchmark_series(name: str, runs: Sequence[Run]) -> RunSeries:
    """The series of one benchmark: the log median of each run that has values for it.

    The spread between processes is pooled over the whole history (a run has only 3-16
    processes, too few for its own estimate), then scaled to each run's number of processes."""
    _check_runs(name, runs)
    if not any(name in run.values for run in runs):
        raise HistoryError(f"benchmark {name} is in none of the {len(runs)} runs")
    positions, levels, counts, squares = [], [], [], 0.0
    for position, run in enumerate(runs):
        logs = [math.log(v) for v in usable_values(run.values.get(name))]
        if not logs:
            continue
        mean = math.fsum(logs) / len(logs)
        positions.append(position)
        levels.append(statistics.median(logs))
        counts.append(len(logs))
        squares += math.fsum((x - mean) ** 2 for x in logs)
    if len(levels) < 2:
        raise _too_short(name, len(levels), len(runs))
    within_df = sum(n - 1 for n in counts)
    spread = squares / within_df if within_df else 0.0
    variances = tuple(spread * median_variance_factor(n) / n for n in counts)
    return RunSeries(name, tuple(run.run_id for run in runs), tuple(positions), tuple(levels),
                     variances, within_df)


def workload_series(workload: str, benchmarks: Sequence[str], runs: Sequence[Run]) -> RunSeries:
    """The series of a workload's geometric mean: per run, the mean log median over the
    benchmarks present in every run that measured the workload at all.

    Only benchmarks present throughout are averaged, or a benchmark added or dropped on the way
    would move the mean by itself. The within-run variance of the mean log is the delta-method
    sum of its benchmarks' variances over the count squared (processes of different benchmarks
    are independent), so one noisy benchmark among many barely moves the gate."""
    _check_runs(workload, runs)
    if not benchmarks:
        raise HistoryError(f"workload {workload}: has no benchmarks")
    measured = [p for p, run in enumerate(runs) if any(usable_values(run.values.get(b)) for b in benchmarks)]
    if len(measured) < 2:
        raise _too_short(workload, len(measured), len(runs))
    kept_runs = [runs[p] for p in measured]
    present = [b for b in benchmarks if all(usable_values(run.values.get(b)) for run in kept_runs)]
    if not present:
        raise HistoryError(f"workload {workload}: no benchmark has values in all {len(kept_runs)} runs "
                           "that measured it")
    members = [benchmark_series(b, kept_runs) for b in present]
    count = len(members)
    levels = np.mean([m.levels for m in members], axis=0)
    variances = np.sum([m.within_variances for m in members], axis=0) / count**2
    return RunSeries(workload, tuple(run.run_id for run in runs), tuple(measured),
                     tuple(float(x) for x in levels), tuple(float(v) for v in variances),
                     sum(m.within_df for m in members),
                     left_out=tuple(b for b in benchmarks if b not in present))
