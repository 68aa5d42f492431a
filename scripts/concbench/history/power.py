"""The smallest step a history can show: what a quiet result is worth.

"No change found" means little for a benchmark so noisy that only a doubling would be seen. For
a step with `runs_before` runs before it and `runs_after` after it, the detector's t-test sees a
difference of delta over a standard error of sigma * sqrt(1/runs_before + 1/runs_after), with
runs_before + runs_after - 2 degrees of freedom, at the Bonferroni-adjusted threshold the
detector uses. The smallest detectable step is the delta the test finds with the probability
`power`, from the noncentral t distribution. The E-divisive search must also put the split in
the right place; the simulated figures in docs/history.md check that the two agree.
"""

from __future__ import annotations

import math

from scipy import optimize, stats


def smallest_detectable_log_step(run_sd: float, runs_before: int, runs_after: int, max_p_value: float,
                                 power: float = 0.9) -> float:
    """The log step found with probability `power` (math.inf when the runs are too few)."""
    df = runs_before + runs_after - 2
    if runs_before < 1 or runs_after < 1 or df < 1:
        return math.inf
    if run_sd == 0:
        return 0.0
    places = runs_before + runs_after - 1
    critical = stats.t.isf(min(max_p_value / places, 1.0) / 2, df)

    def shortfall(noncentrality: float) -> float:
        return float(stats.nct.sf(critical, df, noncentrality)) - power

    high = critical + 10.0
    while shortfall(high) < 0:
        high *= 2
    noncentrality = optimize.brentq(shortfall, 0.0, high, xtol=1e-6)
    return noncentrality * run_sd * math.sqrt(1 / runs_before + 1 / runs_after)


def smallest_detectable_step(run_sd: float, runs_before: int, runs_after: int, max_p_value: float,
                             power: float = 0.9) -> float:
    """The same step as a relative change of the median (0.05: 5% slower or faster)."""
    return math.expm1(smallest_detectable_log_step(run_sd, runs_before, runs_after, max_p_value, power))
