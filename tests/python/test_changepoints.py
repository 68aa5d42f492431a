"""Change points over a history of runs: the E-divisive search, its t-test, the workload gate,
accepted changes, bad or incomplete input, and what it achieves on histories with this
machine's noise.

The simulated figures here are small, seeded versions of the ones in docs/history.md; set
CONCBENCH_SLOW=1 for the full ones (a few minutes).
"""

import itertools
import json
import math
import os
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from concbench.history import (IMPROVEMENT, REGRESSION, AcceptedChange, DetectionSettings, HistoryError, Run,
                               analyse_benchmark, benchmark_series, gate_workloads, open_regressions,
                               workload_series)
from concbench.history import calibration, edivisive, power, significance, simulate
from concbench.history.series import median_variance_factor

REPOSITORY = Path(__file__).resolve().parents[2]
HEADLINE_CPU = "cpu_sum/tbb/n:100000000/workers:2/real_time"
HEADLINE_HTTP = "http/async/requests:500/delay_ms:100/concurrency:100/real_time"
slow = pytest.mark.skipif(not os.environ.get("CONCBENCH_SLOW"), reason="full figures: set CONCBENCH_SLOW=1")


def history(levels, name="bench", spread=0.02, processes=3, seed=0):
    """Runs whose processes scatter around the given levels (lognormal, seeded)."""
    rng = np.random.default_rng(seed)
    return [Run(f"r{i:02d}", {name: list(level * np.exp(rng.normal(0, spread, processes)))})
            for i, level in enumerate(levels)]


@pytest.fixture(scope="module")
def model():
    return simulate.machine_noise_model(REPOSITORY)


# --- the search and its test --------------------------------------------------------------

def energy_q_by_definition(x, tau, kappa):
    """Matteson and James' Q for x[:tau] against x[tau:kappa], written out pair by pair."""
    before, after = x[:tau], x[tau:kappa]
    n, k = len(before), len(after)
    between = sum(abs(a - b) for a in before for b in after) * 2 / (n * k)
    inside_before = sum(abs(a - b) for a, b in itertools.combinations(before, 2)) / math.comb(n, 2) if n > 1 else 0
    inside_after = sum(abs(a - b) for a, b in itertools.combinations(after, 2)) / math.comb(k, 2) if k > 1 else 0
    return n * k / (n + k) * (between - inside_before - inside_after)


def test_best_split_agrees_with_the_definition():
    x = np.random.default_rng(5).normal(size=12) + np.r_[np.zeros(7), np.ones(5)]
    tau, q = edivisive.best_split(x)
    pairs = {(t, k): energy_q_by_definition(x, t, k) for t in range(1, 12) for k in range(t + 1, 13)}
    best = max(pairs, key=pairs.get)
    assert tau == best[0] and q == pytest.approx(pairs[best])


def test_best_split_of_a_clean_step():
    assert edivisive.best_split(np.r_[np.zeros(10), np.ones(6)])[0] == 10


def test_p_value_pays_for_every_place_the_split_could_have_been():
    series = benchmark_series("bench", history([1.0] * 10 + [1.05] * 10))
    test = significance.compare_split(series, 0, 10, 20)
    raw = 2 * stats.t.sf(abs(test.log_difference) / test.standard_error, test.degrees_of_freedom)
    assert test.p_value == pytest.approx(min(1.0, 19 * raw))


@pytest.mark.parametrize("processes", [3, 4, 16, 40])
def test_median_variance_factor_matches_a_simulation_or_errs_high(processes):
    draws = np.random.default_rng(processes).standard_normal((200_000, processes))
    simulated = np.var(np.median(draws, axis=1)) * processes
    if processes <= 16:
        assert median_variance_factor(processes) == pytest.approx(simulated, rel=0.02)
    else:
        assert simulated < median_variance_factor(processes) < 1.05 * simulated


def test_spread_between_processes_floors_the_noise():
    # Every run has the same median (the runs look perfectly quiet), but its processes disagree
    # by 30%: a 1% step is far inside what such runs can show.
    runs = [Run(f"r{i}", {"bench": [level * 0.7, level, level * 1.3]})
            for i, level in enumerate([1.0] * 10 + [1.01] * 10)]
    analysis = analyse_benchmark("bench", runs)
    assert analysis.change_points == ()
    assert analysis.run_noise > 0.15


def test_a_step_is_found_with_its_size_interval_and_direction():
    analysis = analyse_benchmark("bench", history([1.0] * 20 + [1.2] * 8))
    (point,) = analysis.change_points
    assert (point.index, point.run_id, point.direction) == (20, "r20", REGRESSION)
    assert point.ratio_low < point.ratio < point.ratio_high and point.ratio_low < 1.2 < point.ratio_high
    assert point.p_value < 1e-6 and (point.runs_before, point.runs_after) == (20, 8)
    assert analysis.regressions == (point,) and analysis.improvements == ()


def test_higher_is_better_turns_a_rise_into_an_improvement():
    runs = history([1.0] * 20 + [1.2] * 8)
    assert analyse_benchmark("bench", runs, higher_is_better=True).change_points[0].direction == IMPROVEMENT
    assert analyse_benchmark("bench", history([1.0] * 20 + [0.8] * 8)).change_points[0].direction == IMPROVEMENT


def test_flat_history_has_no_change_points_and_states_its_smallest_step():
    analysis = analyse_benchmark("bench", history([1.0] * 30, spread=0.05))
    assert analysis.change_points == ()
    # Three processes of 5% spread: a run's median carries about 3.5%; 25 runs before and 5
    # after find a step of about 3.3 of those.
    assert 0.02 < analysis.run_noise < 0.05
    assert 0.06 < analysis.smallest_step < 0.2


def test_two_changes_in_a_long_history_are_both_found_through_the_windows():
    levels = [1.0] * 50 + [1.3] * 60 + [1.1] * 40
    analysis = analyse_benchmark("bench", history(levels, seed=2), DetectionSettings(window_runs=30))
    assert [(c.index, c.direction) for c in analysis.change_points] == [(50, REGRESSION), (110, IMPROVEMENT)]


def test_min_change_leaves_out_small_significant_steps():
    runs = history([1.0] * 15 + [1.03] * 15, spread=0.002)
    assert len(analyse_benchmark("bench", runs).change_points) == 1
    assert analyse_benchmark("bench", runs, DetectionSettings(min_change=0.05)).change_points == ()


def test_smallest_detectable_step_shrinks_with_runs_and_grows_with_noise():
    step = power.smallest_detectable_step
    assert step(0.05, 25, 5, 0.001) < step(0.05, 10, 5, 0.001) < step(0.05, 5, 2, 0.001)
    assert step(0.05, 25, 5, 0.001) < step(0.10, 25, 5, 0.001)
    assert step(0.05, 1, 1, 0.001) == math.inf and step(0.0, 25, 5, 0.001) == 0.0


def test_settings_out_of_range_are_refused():
    with pytest.raises(ValueError, match="max_p_value must be between 0 and 1, is 0"):
        DetectionSettings(max_p_value=0)
    with pytest.raises(ValueError, match="window_runs must be at least 4"):
        DetectionSettings(window_runs=3)


def test_same_input_same_output():
    runs = history([1.0] * 12 + [1.15] * 6 + [1.0] * 12, seed=9)
    assert analyse_benchmark("bench", runs) == analyse_benchmark("bench", list(runs))


# --- bad and incomplete input -------------------------------------------------------------

TBB = "cpu_sum/tbb/n:100000000/workers:2"


@pytest.mark.parametrize("runs, message", [
    ([], f"history of {TBB}: needs at least 2 runs, has none"),
    (history([1.0], name=TBB), f"history of {TBB}: needs at least 2 runs, has 1"),
    (history([1.0, 1.0], name="cpu_sum/serial/n:1"), f"benchmark {TBB} is in none of the 2 runs"),
    ([Run("a", {TBB: [1.0]}), Run("a", {TBB: [1.0]})], f"history of {TBB}: run a appears twice"),
    ([Run("a", {TBB: [1.0]}), Run("b", {TBB: [None]})],
     f"history of {TBB}: needs at least 2 runs with values, has 1 of 2 runs"),
])
def test_bad_history_is_one_line(runs, message):
    with pytest.raises(HistoryError) as raised:
        analyse_benchmark(TBB, runs)
    assert str(raised.value) == message and isinstance(raised.value, ValueError)


def test_bad_workload_is_one_line():
    runs = [Run("a", {"x": [1.0], "y": [1.0]}), Run("b", {"x": [1.0]}), Run("c", {"y": [1.0]})]
    with pytest.raises(HistoryError, match=r"^workload w: no benchmark has values in all 3 runs that measured it$"):
        workload_series("w", ["x", "y"], runs)
    with pytest.raises(HistoryError, match=r"^workload w: has no benchmarks$"):
        workload_series("w", [], runs)


def test_missing_values_and_runs_without_any_are_skipped_in_place():
    runs = history([1.0] * 10 + [1.25] * 6, spread=0.01)
    runs[3] = Run(runs[3].run_id, {"bench": [None, float("nan"), -1.0]})     # a run that measured nothing
    runs[12] = Run(runs[12].run_id, {"bench": [runs[12].values["bench"][0], None, None]})   # one process left
    runs.insert(5, Run("no-bench", {"other": [1.0]}))                          # a run without the benchmark
    series = benchmark_series("bench", runs)
    assert len(series) == 15 and 3 not in series.positions and 5 not in series.positions
    analysis = analyse_benchmark("bench", runs)
    (point,) = analysis.change_points
    assert (point.index, point.run_id) == (11, "r10")
    assert analysis.levels[3] is None and analysis.levels[5] is None


def test_workload_level_is_the_geometric_mean_of_run_medians_of_benchmarks_in_every_run():
    runs = [Run("a", {"x": [1.0, 2.0, 3.0], "y": [8.0], "new": [5.0]}),
            Run("b", {"x": [2.0, 4.0, 6.0], "y": [2.0]}),
            Run("c", {"x": [1.0], "y": [4.0], "new": [5.0]})]
    series = workload_series("w", ["x", "y", "new"], runs)
    assert series.left_out == ("new",)
    assert np.exp(series.levels) == pytest.approx([math.sqrt(2 * 8), math.sqrt(4 * 2), math.sqrt(1 * 4)])
    # Delta method: the variance of a mean of two independent logs is the sum over four.
    x, y = benchmark_series("x", runs), benchmark_series("y", runs)
    assert series.within_variances[0] == pytest.approx((x.within_variances[0] + y.within_variances[0]) / 4)


def test_gate_flags_a_workload_wide_step_but_not_one_noisy_benchmark():
    rng = np.random.default_rng(11)
    names = [f"w/b{i}" for i in range(20)]
    factors = rng.normal(0, 0.01, 30)

    def runs(step_of):
        return [Run(f"r{r}", {n: list(np.exp(factors[r] + (step_of(n) if r >= 24 else 0)
                                             + rng.normal(0, 0.03, 3))) for n in names}) for r in range(30)]
    (everything,) = gate_workloads(runs(lambda n: 0.08), {"w": names})
    assert [(c.index, c.direction) for c in everything.change_points] == [(24, REGRESSION)]
    (one,) = gate_workloads(runs(lambda n: 0.08 if n == "w/b0" else 0.0), {"w": names})
    assert one.change_points == ()


# --- accepted changes ---------------------------------------------------------------------

def test_accepted_regressions_are_not_open():
    analysis = analyse_benchmark("bench", history([1.0] * 20 + [1.2] * 8))
    assert [c.run_id for c in open_regressions([analysis])] == ["r20"]
    assert open_regressions([analysis], {AcceptedChange("bench", "r20")}) == []
    assert open_regressions([analysis], {AcceptedChange("bench", "r21")}) == []           # a run off: the same change
    assert len(open_regressions([analysis], {AcceptedChange("bench", "r23")})) == 1       # another change
    assert len(open_regressions([analysis], {AcceptedChange("other", "r20")})) == 1       # another subject
    assert open_regressions([analyse_benchmark("bench", history([1.2] * 20 + [1.0] * 8))]) == []  # improvements


# --- a history in a file, as the results store will hand it over --------------------------

def test_history_fixture_with_a_step_and_a_missing_benchmark(fixture_path):
    document = json.loads(fixture_path("history/step_after_five_runs.json").read_text())
    runs = [Run(r["run_id"], r["values"]) for r in document["runs"]]
    (cpu,) = analyse_benchmark(HEADLINE_CPU, runs).change_points
    assert (cpu.index, cpu.run_id, cpu.direction) == (5, "2026-12-01", REGRESSION)
    assert cpu.ratio_low < 1.97 < cpu.ratio_high
    assert analyse_benchmark("cpu_sum/serial/n:100000000/workers:1/real_time", runs).change_points == ()
    (gate,) = gate_workloads(runs, document["workloads"])
    assert gate.left_out == ("cpu_sum/serial/n:100000000/workers:1/real_time",)
    assert [(c.run_id, round(c.ratio, 1)) for c in gate.change_points] == [("2026-12-01", 2.0)]


# --- this machine's noise -----------------------------------------------------------------

def test_noise_model_comes_from_the_sample_and_the_aa_pair(model):
    assert model.processes == 3 and len(model.workloads) == 10 and len(model.process_sd) == 283
    assert len(model.offsets) == 94 and abs(np.median(model.offsets)) < 1e-12
    assert model.process_sd[HEADLINE_CPU] == pytest.approx(0.0998, abs=1e-4)
    assert model.process_sd[HEADLINE_HTTP] == pytest.approx(0.0272, abs=1e-4)


def test_simulation_is_seeded(model):
    names = list(model.workloads["memory"])
    first = simulate.simulate_history(model, names, 3, np.random.default_rng(1), missing_share=0.2)
    again = simulate.simulate_history(model, names, 3, np.random.default_rng(1), missing_share=0.2)
    assert first == again and any(v is None for run in first for values in run.values.values() for v in values)


def test_a_four_sigma_step_is_found_within_five_runs(model):
    found = calibration.detection(model, sigmas=4, histories=60)
    assert found.found_within(5) >= 0.9 and found.other_change_points == 0


def test_flat_suites_do_not_fail_the_gate(model):
    alarms = calibration.false_alarms(model, suites=25)
    assert alarms.flagged_suites == 0


def test_flat_suites_with_lost_processes_and_a_late_benchmark_do_not_fail_the_gate(model):
    rng = np.random.default_rng(6)
    names = [b for benchmarks in model.workloads.values() for b in benchmarks]
    for _ in range(5):
        runs = simulate.simulate_history(model, names, 30, rng, missing_share=0.1)
        runs[:10] = [Run(r.run_id, {n: v for n, v in r.values.items() if n != HEADLINE_CPU}) for r in runs[:10]]
        gated = gate_workloads(runs, model.workloads)
        assert [a.subject for a in gated if a.change_points] == []
        assert HEADLINE_CPU in next(a for a in gated if a.subject == "cpu_sum").left_out


@slow
def test_full_figures(model):
    assert calibration.detection(model, sigmas=4, histories=1000).found_within(5) >= 0.9
    assert calibration.false_alarms(model, suites=1000).per_hundred <= 1.0
