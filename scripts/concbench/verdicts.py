"""What a ratio's interval lets us say: one module for compare's verdicts and the report's ties,
so that the two never disagree about what counts as a difference.

criterion.rs's noise threshold: a change is only called one when its whole 95% interval lies
beyond the threshold; an interval that holds 1 is a tie.
"""

from __future__ import annotations

from .stats import Estimate

VERDICTS = ("faster", "slower", "same", "unclear", "n/a")


def verdict(ratio: Estimate, threshold: float) -> str:
    """How a contender compares with its baseline, from the interval of their time ratio B/A.

    faster/slower: the whole interval lies beyond the noise threshold (below 1/(1+t), above 1+t);
    same: the whole interval lies within it; unclear: the interval straddles its edge;
    n/a: too few processes on a side for an interval.
    """
    if not ratio.has_interval:
        return "n/a"
    if ratio.high < 1 / (1 + threshold):
        return "faster"
    if ratio.low > 1 + threshold:
        return "slower"
    if ratio.low >= 1 / (1 + threshold) and ratio.high <= 1 + threshold:
        return "same"
    return "unclear"


def tied(first: Estimate, second: Estimate) -> bool:
    """Two estimates whose intervals overlap: no winner between them."""
    return first.overlaps(second)
