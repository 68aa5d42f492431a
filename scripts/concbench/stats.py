"""Statistics for numbers that hold: medians with intervals that resample processes, and how
precisely a benchmark is pinned down.

Kalibera and Jones ("Rigorous Benchmarking in Reasonable Time", ISMM 2013): repeat at the level
where the variance is, and give every ratio with a confidence interval. On this kind of machine
the variance lives between processes (and the spells of speed they fall in), so a benchmark's
values are grouped by the process that measured them, each process counts as one unit (the
median of its values), and a percentile bootstrap resamples those units. criterion.rs adds the noise
threshold: a change is only called one when its whole interval lies beyond it.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

import numpy as np

CONFIDENCE = 0.95
RESAMPLES = 4000
MIN_UNITS = 3          # processes needed on each side for an interval and a verdict


@dataclass(frozen=True)
class Estimate:
    """A median with its 95% confidence interval; low and high are None below MIN_UNITS units."""

    value: float
    low: float | None
    high: float | None
    units: int           # independent units (processes) behind it

    @property
    def has_interval(self) -> bool:
        return self.low is not None and self.high is not None

    def above(self, limit: float) -> bool:
        """Beyond `limit` even at the low end of its interval (or, without one, by value)."""
        return (self.low if self.low is not None else self.value) > limit

    def overlaps(self, other: "Estimate") -> bool:
        if not (self.has_interval and other.has_interval):
            return math.isclose(self.value, other.value, rel_tol=1e-9)
        return self.low <= other.high and other.low <= self.high

    def scaled(self, factor: float) -> "Estimate":
        """factor × the estimate (factor > 0)."""
        return Estimate(self.value * factor, None if self.low is None else self.low * factor,
                        None if self.high is None else self.high * factor, self.units)

    def inverse(self, numerator: float = 1.0) -> "Estimate":
        """numerator / the estimate: speedup N·L / time from a time."""
        return Estimate(numerator / self.value, None if self.high is None else numerator / self.high,
                        None if self.low is None else numerator / self.low, self.units)


def units(values, groups=None) -> list[float]:
    """One value per independent unit: the median of each group's values (a group is a process);
    without groups every value is its own unit."""
    if groups is None or all(g is None for g in groups):
        return [float(v) for v in values]
    by_group: dict = {}
    for value, group in zip(values, groups):
        by_group.setdefault(group, []).append(float(value))
    return [statistics.median(v) for v in by_group.values()]


def bootstrap_medians(data, seed: int, resamples: int = RESAMPLES) -> np.ndarray:
    """The medians of `resamples` resamples (with replacement) of `data`, drawn in one go: the same
    percentile bootstrap as scipy.stats.bootstrap's, without its per-call cost (a comparison of ten
    runs draws thousands of them)."""
    values = np.asarray(data, dtype=float)
    picks = np.random.default_rng(seed).integers(0, len(values), size=(resamples, len(values)))
    return np.median(values[picks], axis=1)


def percentile_interval(statistic: np.ndarray) -> tuple[float, float]:
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(statistic, [tail, 100 - tail])
    return float(low), float(high)


def median_estimate(values, groups=None, seed: int = 0) -> Estimate:
    """Median of the values, with a percentile-bootstrap interval over the units (processes)."""
    pooled = [float(v) for v in values]
    if not pooled:
        raise ValueError("no values")
    data = units(values, groups)
    value = statistics.median(pooled)
    if len(data) < MIN_UNITS or len(set(data)) == 1:
        equal = len(data) >= MIN_UNITS
        return Estimate(value, value if equal else None, value if equal else None, len(data))
    low, high = percentile_interval(bootstrap_medians(data, seed))
    return Estimate(value, min(low, value), max(high, value), len(data))


def ratio_estimate(baseline, contender, baseline_groups=None, contender_groups=None, seed: int = 0) -> Estimate:
    """median(contender) / median(baseline) of two independent samples, with a bootstrap interval
    that resamples each side's units separately."""
    a, b = units(baseline, baseline_groups), units(contender, contender_groups)
    value = statistics.median([float(v) for v in contender]) / statistics.median([float(v) for v in baseline])
    n = min(len(a), len(b))
    if n < MIN_UNITS:
        return Estimate(value, None, None, n)
    if len(set(a)) == 1 and len(set(b)) == 1:
        return Estimate(value, value, value, n)
    low, high = percentile_interval(bootstrap_medians(b, seed + 1) / bootstrap_medians(a, seed))
    return Estimate(value, min(low, value), max(high, value), n)


def relative_half_width(values, groups=None) -> float:
    """How precisely the values pin a benchmark down: the half-width of a 95% Student-t interval
    for the mean log of its units (processes), as a fraction of the value (0.05: ±5%).

    This decides where more processes are worth spending, so it must not flatter few units: a
    percentile bootstrap of 3 processes is [min, max], a 75% interval at best, whereas t with
    n - 1 degrees of freedom widens honestly (4.30 standard errors at 3 units, 2.26 at 10).
    Infinite below 2 units or for values that are not all positive.
    """
    data = units(values, groups)
    if len(data) < 2 or min(data) <= 0:
        return math.inf
    logs = np.log(np.asarray(data))
    from scipy.stats import t
    spread = float(np.std(logs, ddof=1)) / math.sqrt(len(logs))
    return math.expm1(float(t.ppf(0.5 + CONFIDENCE / 2, len(logs) - 1)) * spread)
