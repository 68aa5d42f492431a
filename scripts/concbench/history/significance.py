"""Is a split of a series a change? A Student t-test on the run levels either side of it.

Hunter (Fleming et al., arXiv 2301.03034) replaced E-divisive's permutation test with a t-test,
which makes the answer deterministic and cheap. Ours differs in two ways, both for the noise of
a shared machine:

- Each run's variance is the between-run variance the history shows (runs shift as a whole when
  the machine is busy) *or at least* the variance its own processes put on it: a short or lucky
  stretch of runs cannot make a history look quieter than its measurements are. Runs with more
  processes weigh more when the within-run part dominates.
- The p-value is multiplied by the number of places the split could have been (Bonferroni):
  the search tries them all and keeps the best, so an unadjusted p-value would promise far
  fewer false alarms than a flat history gives, and more on longer histories.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .series import RunSeries


@dataclass(frozen=True)
class SplitComparison:
    """The two sides of one split, compared (levels are logs, so the difference is a log ratio)."""

    log_difference: float        # weighted mean level after - before
    standard_error: float
    degrees_of_freedom: float
    p_value: float               # two-sided, Bonferroni-adjusted over the split's possible places
    run_variance: float          # variance of one run's level used by the test (between-run, floored)
    runs_before: int
    runs_after: int

    def interval(self, confidence: float) -> tuple[float, float]:
        """Confidence interval of the log difference (not adjusted: it describes this split)."""
        if self.standard_error == 0:
            return self.log_difference, self.log_difference
        half = stats.t.isf((1 - confidence) / 2, self.degrees_of_freedom) * self.standard_error
        return self.log_difference - half, self.log_difference + half


def run_variance(levels: np.ndarray, within: np.ndarray, segment_sizes: list[int]) -> tuple[float, float]:
    """Between-run variance of one run's level around its segment's mean, with its degrees of
    freedom; the mean within-run variance when it is larger or the runs cannot tell."""
    residual_df = len(levels) - len(segment_sizes)
    within_mean = float(np.mean(within)) if len(within) else 0.0
    if residual_df <= 0:
        return within_mean, 0.0
    squares, start = 0.0, 0
    for size in segment_sizes:
        part = levels[start:start + size]
        squares += float(np.sum((part - part.mean()) ** 2))
        start += size
    return max(squares / residual_df, within_mean), float(residual_df)


def compare_split(series: RunSeries, start: int, split: int, stop: int) -> SplitComparison:
    """Compares points [start, split) with [split, stop) of the series."""
    levels = np.asarray(series.levels[start:stop])
    within = np.asarray(series.within_variances[start:stop])
    before, after = split - start, stop - split
    total, residual_df = run_variance(levels, within, [before, after])
    # Between-run variance beyond what the processes explain, spread evenly over the runs.
    extra = max(total - float(np.mean(within)), 0.0)
    weights = 1.0 / np.maximum(extra + within, 1e-300) if total > 0 else np.ones_like(levels)
    left, right = slice(0, before), slice(before, None)
    mean_before = float(np.average(levels[left], weights=weights[left]))
    mean_after = float(np.average(levels[right], weights=weights[right]))
    difference = mean_after - mean_before
    error = math.sqrt(1 / weights[left].sum() + 1 / weights[right].sum()) if total > 0 else 0.0
    df = residual_df if residual_df > 0 else float(series.within_df)
    if error == 0:
        p = 0.0 if difference != 0 else 1.0
    elif df <= 0:
        p = 1.0
    else:
        p = float(2 * stats.t.sf(abs(difference) / error, df))
    places = stop - start - 1
    return SplitComparison(difference, error, df, min(1.0, p * places), total, before, after)
