"""Intervals over processes and verdicts with a noise threshold, on small known samples."""

import pytest

from concbench import stats, verdicts


def test_units_are_process_medians():
    assert stats.units([1, 2, 3, 10, 20], [0, 0, 0, 1, 1]) == [2, 15]
    assert stats.units([1, 2, 3]) == [1, 2, 3]                      # no processes recorded: each value
    assert stats.units([1, 2, 3], [None, None, None]) == [1, 2, 3]


def test_median_estimate_brackets_the_median():
    estimate = stats.median_estimate([1.00, 1.02, 0.98, 1.01, 0.99, 1.03, 0.97])
    assert estimate.value == pytest.approx(1.00)
    assert 0.97 <= estimate.low <= estimate.value <= estimate.high <= 1.03
    assert estimate.units == 7


def test_interval_is_as_wide_as_the_processes_make_it():
    # Ten values from two processes that disagree: two units, too few for an interval.
    values = [1.0] * 5 + [2.0] * 5
    assert not stats.median_estimate(values, [0] * 5 + [1] * 5).has_interval
    # The same values from ten processes: an interval, and a wide one.
    wide = stats.median_estimate(values, list(range(10)))
    assert wide.has_interval and wide.low == pytest.approx(1.0) and wide.high == pytest.approx(2.0)


def test_too_few_processes_give_no_interval():
    assert not stats.median_estimate([1.0, 1.1]).has_interval
    assert stats.median_estimate([1.0, 1.0, 1.0]).has_interval      # equal values: a point interval


def test_ratio_estimate_of_a_known_doubling():
    baseline = [1.00, 1.02, 0.98, 1.01, 0.99]
    doubled = [2 * v for v in baseline]
    estimate = stats.ratio_estimate(baseline, doubled)
    assert estimate.value == pytest.approx(2.0)
    assert 1.9 < estimate.low <= 2.0 <= estimate.high < 2.1


def test_ratio_estimate_needs_three_processes_a_side():
    assert not stats.ratio_estimate([1.0, 1.0], [2.0, 2.0, 2.0]).has_interval


@pytest.mark.parametrize("low, high, verdict", [
    (0.45, 0.55, "faster"),        # all of it below 1 / 1.05
    (1.80, 2.20, "slower"),        # all of it above 1.05
    (0.97, 1.04, "same"),          # all of it within ±5%
    (1.01, 1.09, "within"),       # above 1, but not beyond the threshold
    (0.90, 1.10, "within"),
])
def test_verdict_needs_the_whole_interval_beyond_the_threshold(low, high, verdict):
    assert verdicts.verdict(stats.Estimate((low + high) / 2, low, high, 5), 0.05) == verdict


def test_verdict_without_an_interval_is_na():
    assert verdicts.verdict(stats.Estimate(2.0, None, None, 2), 0.05) == "n/a"


def test_estimate_arithmetic():
    time = stats.Estimate(0.5, 0.4, 0.625, 5)
    speedup = time.inverse(1.0)                 # 1 s of serial work
    assert (speedup.value, speedup.low, speedup.high) == pytest.approx((2.0, 1.6, 2.5))
    assert time.scaled(2).high == pytest.approx(1.25)
    assert speedup.above(1.5) and not speedup.above(1.7)
    assert time.overlaps(stats.Estimate(0.6, 0.55, 0.7, 5))
    assert not time.overlaps(stats.Estimate(0.8, 0.7, 0.9, 5))


def test_relative_half_width_is_honest_at_few_processes():
    # Three processes 10% apart: Student's t at 2 degrees of freedom makes that about ±25%, not
    # the [min, max] a percentile bootstrap would give.
    assert stats.relative_half_width([0.9, 1.0, 1.1]) == pytest.approx(0.28, abs=0.03)
    # The same spread over ten processes pins the value down far better.
    ten = [0.9, 1.0, 1.1, 0.95, 1.05, 0.9, 1.0, 1.1, 0.95, 1.05]
    assert stats.relative_half_width(ten) < 0.06
    # Values of one process count once: two processes are one degree of freedom.
    assert stats.relative_half_width([1.0, 1.0, 2.0, 2.0], [0, 0, 1, 1]) > 1
    assert stats.relative_half_width([1.0]) == float("inf")
    assert stats.relative_half_width([1.0, 1.0, 1.0]) == 0.0
