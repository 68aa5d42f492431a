"""E-divisive means with a t-test: where does a series of run levels change?

Matteson and James ("A Nonparametric Approach for Multiple Change Point Analysis of
Multivariate Data", JASA 2014, arXiv 1306.4933) split a series where the energy distance
between the part before and a stretch after is largest, and recurse on both sides while a
permutation test finds the split significant. Fleming et al. ("Hunter: Using Change Point
Detection to Hunt for Performance Regressions", ICPE 2023, arXiv 2301.03034), as Apache Otava
does it, make this deterministic and fast for performance histories:

1. the permutation test becomes a t-test (significance.py);
2. the series is searched in overlapping windows of `window_runs` runs, half a window apart, so
   the cost stays bounded on long histories and an old change does not hide a new one; a
   window starts again at the last change it found;
3. the windows keep "weak" change points, significant at ten times the threshold, and a merge
   step then drops the weakest one at a time (recomputing its neighbours, whose segments grow)
   until every one left passes the real threshold and the smallest change asked for.

Step 3 matters because a change that looks weak inside one window can be strong once its
neighbours are known, and the other way round.
"""

from __future__ import annotations

import numpy as np

from .series import RunSeries
from .significance import SplitComparison, compare_split


def best_split(levels: np.ndarray) -> tuple[int, float]:
    """The split tau of levels[0:m] maximising Matteson and James' Q(X_tau, Y_tau(kappa)) over
    every end kappa of the stretch after it, with alpha = 1; returns (tau, Q).

    Q = n k / (n + k) * (2/(n k) sum|x - y| - sum_{pairs in X}|x - x'| / C(n, 2)
                         - sum_{pairs in Y}|y - y'| / C(k, 2)),  n = tau, k = kappa - tau.
    Every sum of distances over a block is read from a 2-D prefix sum of the distance matrix, so
    all (tau, kappa) pairs cost O(m^2) together."""
    m = len(levels)
    distances = np.abs(levels[:, None] - levels[None, :])
    prefix = np.zeros((m + 1, m + 1))
    prefix[1:, 1:] = distances.cumsum(0).cumsum(1)

    def block(rows_from, rows_to, cols_from, cols_to):
        return (prefix[rows_to, cols_to] - prefix[rows_from, cols_to]
                - prefix[rows_to, cols_from] + prefix[rows_from, cols_from])

    tau = np.arange(1, m)[:, None]
    kappa = np.arange(2, m + 1)[None, :]
    valid = kappa > tau
    tau, kappa = np.broadcast_arrays(tau, kappa)
    tau, kappa = np.where(valid, tau, 1), np.where(valid, kappa, 2)     # keep the formulas finite
    n, k = tau, kappa - tau
    between = block(0, tau, tau, kappa)
    within_before = block(0, tau, 0, tau) / 2
    within_after = block(tau, kappa, tau, kappa) / 2
    pairs_before, pairs_after = n * (n - 1) / 2, k * (k - 1) / 2
    energy = (2 * between / (n * k)
              - np.divide(within_before, pairs_before, out=np.zeros_like(between), where=pairs_before > 0)
              - np.divide(within_after, pairs_after, out=np.zeros_like(between), where=pairs_after > 0))
    q = np.where(valid, n * k / (n + k) * energy, -np.inf)
    row, column = np.unravel_index(int(np.argmax(q)), q.shape)
    return int(tau[row, column]), float(q[row, column])


def _segments(change_points: list[int], start: int, stop: int) -> list[tuple[int, int]]:
    bounds = [start] + sorted(change_points) + [stop]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def divide(series: RunSeries, start: int, stop: int, max_p_value: float) -> list[int]:
    """E-divisive on points [start, stop): split the segment with the largest Q while its split
    passes the t-test; stop at the first best split that does not (Matteson and James)."""
    levels = np.asarray(series.levels)
    found: list[int] = []
    while True:
        candidates = []
        for a, b in _segments(found, start, stop):
            if b - a >= 2:
                tau, q = best_split(levels[a:b])
                candidates.append((q, a + tau, a, b))
        if not candidates:
            return found
        q, split, a, b = max(candidates, key=lambda c: (c[0], -c[1]))
        if compare_split(series, a, split, b).p_value > max_p_value:
            return found
        found.append(split)


def weak_change_points(series: RunSeries, window_runs: int, max_p_value: float) -> list[int]:
    """Union of the change points found in overlapping windows, at the relaxed threshold."""
    if window_runs < 4:
        raise ValueError(f"window_runs must be at least 4, is {window_runs}")
    total, step, start = len(series), window_runs // 2, 0
    found: set[int] = set()
    while True:
        stop = min(start + window_runs, total)
        new = divide(series, start, stop, max_p_value)
        found.update(new)
        if stop == total:
            return sorted(found)
        start = max([start + step] + new)


def first_pass_p_value(max_p_value: float) -> float:
    """Otava's relaxed threshold for weak change points: ten times the final one below 0.05."""
    if max_p_value < 0.05:
        return max_p_value * 10
    return max_p_value * 2 if max_p_value < 0.5 else max_p_value


def tested_change_points(series: RunSeries, change_points: list[int]) -> list[tuple[int, SplitComparison]]:
    """Each change point tested between its neighbours (or the ends of the series)."""
    bounds = [0] + change_points + [len(series)]
    return [(c, compare_split(series, bounds[i], c, bounds[i + 2])) for i, c in enumerate(change_points)]


def merge(series: RunSeries, change_points: list[int], max_p_value: float,
          min_log_change: float) -> list[tuple[int, SplitComparison]]:
    """Drops the weakest change point (largest p-value above the threshold, else the smallest
    change below min_log_change), one at a time, until all that remain pass both."""
    points = sorted(change_points)
    while points:
        tested = tested_change_points(series, points)
        worst_p = max(tested, key=lambda t: (t[1].p_value, t[0]))
        if worst_p[1].p_value > max_p_value:
            points.remove(worst_p[0])
            continue
        smallest = min(tested, key=lambda t: (abs(t[1].log_difference), t[0]))
        if abs(smallest[1].log_difference) < min_log_change:
            points.remove(smallest[0])
            continue
        return tested
    return []


def change_points(series: RunSeries, max_p_value: float, window_runs: int,
                  min_log_change: float = 0.0) -> list[tuple[int, SplitComparison]]:
    """The change points of a series (index of the first point after each change), tested."""
    weak = weak_change_points(series, window_runs, first_pass_p_value(max_p_value))
    return merge(series, weak, max_p_value, min_log_change)
