"""What a ratio's interval lets us say: one module for compare's verdicts and the report's ties,
so that the two never disagree about what counts as a difference.

criterion.rs's noise threshold: a change is only called one when its whole 95% interval lies
beyond the threshold. Where it does not, the verdict is not a bare "unclear" but what the data
does show: that any difference is no larger than ±X%, with X read off the interval, and how many
more processes would settle it one way or the other (the interval narrows as 1/sqrt(n)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .stats import Estimate

VERDICTS = ("faster", "slower", "same", "within", "n/a")

# The smallest change compare calls a change, whatever the data: below it lie effects no
# benchmark of ours is meant to resolve (criterion.rs's default noise threshold is 2%).
NOISE_FLOOR = 0.05


@dataclass(frozen=True)
class Verdict:
    """How B compares with A, from the interval of their time ratio B/A."""

    word: str                      # faster, slower, same, within (no difference beyond ±X), n/a
    beyond: float | None = None    # X: any difference is at most ±X (log-symmetric), for same and within
    more_units: int | None = None  # processes a side that would settle a "within" verdict, None: unknown

    def text(self) -> str:
        if self.word == "within":
            text = f"no difference beyond ±{self.beyond:.0%}"
            return text + (f"; ~{self.more_units} processes would tell" if self.more_units else "")
        if self.word == "same":
            return f"same, within ±{self.beyond:.0%}"
        return self.word

    @property
    def called(self) -> bool:
        """Whether it calls a difference: faster or slower."""
        return self.word in ("faster", "slower")


def judge(ratio: Estimate, threshold: float = NOISE_FLOOR) -> Verdict:
    """faster/slower: the whole interval lies beyond the noise threshold (below 1/(1+t), above 1+t);
    same: the whole interval lies within it; otherwise: no difference beyond ±X, X the interval's
    farthest edge from 1; n/a: too few processes on a side for an interval."""
    if not ratio.has_interval or ratio.low <= 0:
        return Verdict("n/a")
    edge = math.log1p(threshold)
    low, high = math.log(ratio.low), math.log(ratio.high)
    if high < -edge:
        return Verdict("faster")
    if low > edge:
        return Verdict("slower")
    beyond = math.expm1(max(abs(low), abs(high)))
    if low >= -edge and high <= edge:
        return Verdict("same", beyond)
    return Verdict("within", beyond, units_to_settle(low, high, edge, ratio.units))


def units_to_settle(low: float, high: float, edge: float, units: int) -> int | None:
    """Processes a side that would bring the interval wholly inside or wholly beyond the threshold,
    its centre staying put: the half-width shrinks as 1/sqrt(n)."""
    centre, half = (low + high) / 2, (high - low) / 2
    room = abs(abs(centre) - edge)
    if half <= 0 or room < half * 0.05 or units < 2:
        return None
    return max(units + 1, math.ceil(units * (half / room) ** 2))


def verdict(ratio: Estimate, threshold: float) -> str:
    """The verdict's word alone."""
    return judge(ratio, threshold).word


def tied(first: Estimate, second: Estimate) -> bool:
    """Two estimates whose intervals overlap: no winner between them."""
    return first.overlaps(second)
