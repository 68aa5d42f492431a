"""The statistics on real data: two back-to-back runs of cpu_sum and seed_jobs on the 2-core VM
(aa_first.json, aa_second.json: four processes per benchmark). Identical runs must not be told
apart; a known 2x must be detected, every time."""

import json

import pytest

from concbench import aa
from conftest import FIXTURES
from concbench.analysis import speedup_estimate
from concbench.comparison import compare_runs
from concbench.load import load_run, run_from_json


def loaded(name):
    return load_run(FIXTURES / name)


def scaled(name, factor):
    """The run in `name` with every time multiplied by `factor` (the work, and so its baselines, unchanged)."""
    data = json.loads((FIXTURES / name).read_text())
    for entry in data["benchmarks"]:
        entry["real_time"] *= factor
        entry["cpu_time"] *= factor
    return run_from_json(data, f"{name} x{factor}")


@pytest.fixture(scope="module")
def first():
    return loaded("aa_first.json")


@pytest.fixture(scope="module")
def second():
    return loaded("aa_second.json")


def test_identical_runs_are_not_told_apart(first, second):
    comparison = compare_runs(first, second)
    counts = comparison.verdict_counts()
    assert len(comparison.comparisons) == 94
    assert counts["faster"] == 0 and counts["slower"] == 0
    assert counts["n/a"] == 0                                  # four processes a side: every one has an interval


@pytest.mark.parametrize("factor, verdict", [(2.0, "slower"), (0.5, "faster")])
def test_a_known_doubling_is_detected_everywhere(first, factor, verdict):
    comparison = compare_runs(first, scaled("aa_first.json", factor))
    assert {c.verdict for c in comparison.comparisons} == {verdict}
    for c in comparison.comparisons:
        assert c.estimate.low <= factor <= c.estimate.high
        assert c.ratio == pytest.approx(factor)


def test_a_run_against_itself_agrees_exactly(first):
    figures = aa.agreement(first, first)
    assert set(figures.time_differences.values()) == {0.0}
    assert set(figures.ratio_differences.values()) == {0.0}
    assert all(check.passed for check in figures.checks()[:4])


def test_agreement_figures_of_two_real_runs(first, second):
    figures = aa.agreement(first, second, seconds=(230.0, 250.0))
    assert figures.compared == 94
    times = next(c for c in figures.checks() if c.what.startswith("times within"))
    assert f"of {figures.compared}" in times.measured
    within = figures.share_within(figures.time_differences, 0.10)
    assert times.passed == (within >= 0.95)
    duration = next(c for c in figures.checks() if c.what.startswith("each run finishes"))
    assert duration.measured == "230 s and 250 s" and not duration.passed     # 250 s is over 4 minutes
    assert len(figures.checks()) == 6


def test_doubled_run_fails_the_aa_check(first):
    figures = aa.agreement(first, scaled("aa_first.json", 2.0))
    failed = [check.what for check in figures.checks() if not check.passed]
    assert any(what.startswith("times within") for what in failed)
    assert any(what.startswith("compare.py calls") for what in failed)


def test_time_estimates_have_intervals_over_processes(first):
    bench = first.benchmarks["cpu_sum/tbb/n:100000000/workers:2/real_time"]
    assert bench.units == 4
    estimate = bench.time_estimate
    assert estimate.low <= estimate.value <= estimate.high
    # paired speedup: each repetition's serial baseline over its own time, on 2 cores
    speedup = speedup_estimate(first, bench)
    assert 1.0 < speedup.value <= 2.0 and speedup.has_interval
