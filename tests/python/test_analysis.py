"""Speedups, efficiencies, limits, anomalies and the per-workload answers, checked against the numbers
written in the fixtures."""

import json

import pytest

from concbench.analysis import Analysis, efficiency_estimate, speedup_estimate, speedup_limit
from concbench.load import run_from_json
from concbench.summary import answers
from helpers import bench, loaded
from concbench.report.compute import speedup_panel
from helpers import efficiency, speedup


def test_cpu_sum_speedup_uses_serial_at_same_n(machine_a):
    # the fixture's entries carry no paired serial_s: the serial model's entry at the same n is the reference
    openmp = bench(machine_a, "cpu_sum/openmp/n:200000000/workers:2")
    assert speedup(machine_a, openmp) == pytest.approx(1000 / 505)
    process = bench(machine_a, "cpu_sum/process/n:10000000/workers:2")
    assert speedup(machine_a, process) == pytest.approx(50 / 40)


def test_efficiency_is_ideal_over_measured(machine_a):
    openmp = bench(machine_a, "cpu_sum/openmp/n:200000000/workers:2")
    assert openmp.counter('ideal_s') == pytest.approx(0.5)
    assert efficiency(machine_a, openmp) == pytest.approx(0.5 / 0.505)
    pool_map = bench(machine_a, "seed_jobs/pool_map/scale:100/workers:2")
    assert speedup(machine_a, pool_map) == pytest.approx(2000 / 1120)
    assert efficiency(machine_a, pool_map) == pytest.approx(1.05 / 1.12)


def test_latency_speedup_is_against_n_times_l(machine_a):
    callback = bench(machine_a, "latency/callback/requests:100/delay_ms:10/concurrency:100")
    assert machine_a.catalog.workload("latency").overlap       # N x L over the time: the waits overlapped
    assert speedup(machine_a, callback) == pytest.approx(1.0 / 0.011)
    assert efficiency(machine_a, callback) == pytest.approx(0.010 / 0.011)


def minimal_run(entries, **context):
    return run_from_json({"context": dict({"num_cpus": 4}, **context), "benchmarks": entries}, "inline")


def entry(name, real_time, unit="ms", **counters):
    return dict({"name": name + "/real_time", "run_name": name + "/real_time", "run_type": "iteration",
                 "repetitions": 1, "iterations": 1, "real_time": real_time, "cpu_time": real_time,
                 "time_unit": unit}, **counters)


def test_no_ideal_is_worked_out_where_no_counter_states_it():
    """Ideals live in C++: an entry without ideal_s has no efficiency and no limit here, only the
    measured ratio to the reference model's entry."""
    run = minimal_run([entry("latency/async/requests:100/delay_ms:10/concurrency:30", 45.0, workers=1),
                       entry("cpu_sum/serial/n:1000/workers:1", 80.0, workers=1),
                       entry("cpu_sum/threads/n:1000/workers:8", 25.0, workers=8)],
                      physical_cores="4")
    analysis = Analysis(run)
    for name in ("latency/async/requests:100/delay_ms:10/concurrency:30", "cpu_sum/threads/n:1000/workers:8"):
        result = analysis.result(bench(run, name))
        assert (result.efficiency, result.limit, result.ideal_s) == (None, None, None)
    assert speedup(run, bench(run, "cpu_sum/threads/n:1000/workers:8")) == pytest.approx(80 / 25)
    assert speedup(run, bench(run, "latency/async/requests:100/delay_ms:10/concurrency:30")) == pytest.approx(1.0 / 0.045)


def test_the_answers_rank_the_models_where_most_ran(machine_a):
    """A run that declares no summary case (it predates them): each workload's answer is where most C++
    models ran with the most workers no more than the cores, ranked by speedup or by time."""
    found = {a.workload: a for a in answers(Analysis(machine_a))}
    assert list(found) == ["cpu_sum", "seed_jobs", "latency", "http", "grain"]    # the catalog's order
    cpu = found["cpu_sum"]
    assert not cpu.declared and (cpu.winner.model, cpu.config) == ("openmp", {"n": 200000000, "workers": 2})
    assert cpu.measure == "speedup" and cpu.speedup.value == pytest.approx(1000 / 505)
    assert cpu.efficiency.value == pytest.approx(0.5 / 0.505)
    assert cpu.runner_up.bench.model == "tbb"
    seed = found["seed_jobs"]
    assert seed.winner.model == "tbb" and seed.speedup.value == pytest.approx(2.0 / 1.08)
    latency = found["latency"]
    assert latency.measure == "time"
    assert (latency.winner.model, latency.config["concurrency"]) == ("callback", 100)


def test_a_declared_summary_case_is_the_answers_case_and_ties_are_paired_by_round():
    """C++ names the summary cases; the ratio to the winner pairs the rounds both were measured in."""
    def entry(model, seconds, round_, summary_n=100):
        name = f"cpu_sum/{model}/n:{summary_n}/workers:all/real_time"
        return {"name": name, "run_name": name, "run_type": "iteration", "iterations": 1, "real_time": seconds * 1e3,
                "cpu_time": 1.0, "time_unit": "ms", "workers": 2, "serial_s": 2.0 * seconds / 1.9 * 1.9,
                "concbench_process": round_ * 10 + len(model), "concbench_round": round_}
    drift = (1.0, 1.4, 0.8, 1.2, 1.1)        # the machine's speed, round by round: both see it
    entries = [entry("tbb", 0.5 * d, r) for r, d in enumerate(drift)]
    entries += [entry("openmp", 0.55 * d, r) for r, d in enumerate(drift)]       # 10% slower in every round
    entries += [entry("threads", 0.5 * d * (1.02 if r % 2 else 0.98), r) for r, d in enumerate(drift)]
    names = sorted({e["name"] for e in entries})
    run = run_from_json({"context": {"physical_cores": "2", "usable_cpus": "2",
                                     "concbench_summary_cases": json.dumps(names)}, "benchmarks": entries}, "declared")
    [answer] = answers(Analysis(run))
    assert answer.declared and answer.config == {"n": 100, "workers": "all"}
    rivals = {r.bench.model: r for r in answer.rivals}
    assert rivals["openmp"].ratio.value == pytest.approx(1.1) and not rivals["openmp"].tied
    assert rivals["openmp"].ratio.high == pytest.approx(1.1)          # the drift cancels: paired, no spread
    tie = rivals["threads"]
    assert tie.tied and tie.verdict.word == "within" and tie.verdict.beyond < 0.1


def test_an_open_loop_has_no_speedup_and_no_place_in_the_summary():
    """Every model that keeps up with a schedule takes the schedule's time, so the time of an open-loop
    entry says nothing about the model: no speedup, no ⌈N/C⌉ × L ideal, no crown."""
    run = loaded("latency_open_loop.json")
    sweep = bench(run, "latency/async/requests:8000/delay_ms:10/concurrency:100/rate:8000")
    assert sweep.open_loop and sweep.time_s == pytest.approx(8000 / 7920)
    assert speedup_estimate(run, sweep) is None and speedup_limit(run, sweep) is None
    assert sweep.counter('ideal_s') == pytest.approx(7999 / 8000 + 0.010)      # only the one it states
    closed = bench(run, "latency/async/requests:100/delay_ms:10/concurrency:100")
    assert speedup(run, closed) == pytest.approx(1.0 / 0.0105)
    found = {a.workload: a for a in answers(Analysis(run))}
    assert all(not a.winner.open_loop and "rate" not in a.config for a in found.values())
    assert found["latency"].config == {"requests": 10000, "delay_ms": 10, "concurrency": 10000}
    assert all(not a.bench.open_loop for a in Analysis(run).anomalies)


def test_speedup_panel_series(machine_b):
    """What the compute section draws: speedup against workers per model, from the analysis."""
    analysis = Analysis(machine_b)
    entries = [b for b in machine_b.ok("cpu_sum") if b.arg("n") == 200000000 and b.model != "serial"]
    panel = speedup_panel(analysis, "n=200000000", entries)
    assert [(p.x, p.y) for p in panel.series["openmp"]] == [(1, pytest.approx(600 / 601)), (2, pytest.approx(600 / 302)),
                                                           (8, pytest.approx(600 / 77))]
    assert "serial" not in panel.series
    assert [(p.x, p.y) for p in panel.series["process"]] == [(8, pytest.approx(600 / 95))]   # the failed workers:2 is left out


def paired_run(models):
    """cpu_sum at n=100 on 2 cores, serial plus models at 2 workers with per-repetition baselines.
    `models`: model -> [(seconds, serial_s measured beside it)], one pair per process."""
    def entry(model, workers, seconds, serial_s, process):
        name = f"cpu_sum/{model}/n:100/workers:{workers}/real_time"
        return {"name": name, "run_name": name, "run_type": "iteration", "repetitions": 1, "repetition_index": 0,
                "iterations": 1, "real_time": seconds * 1e3, "cpu_time": 1.0, "time_unit": "ms",
                "workers": workers, "serial_s": serial_s, "ideal_s": serial_s / workers, "concbench_process": process}
    entries = [entry("serial", 1, t, t, i) for i, t in enumerate((1.0, 2.0, 1.5))]
    for m, (model, values) in enumerate(models.items()):
        entries += [entry(model, 2, t, s, 10 * (m + 1) + i) for i, (t, s) in enumerate(values)]
    return run_from_json({"context": {"num_cpus": 2, "physical_cores": "2", "usable_cpus": "2"},
                                  "benchmarks": entries}, "paired")


def test_ratios_pair_each_repetition_with_its_own_baseline():
    # The machine's speed changed between processes: the serial work took 1 s, then 2 s, then
    # 1.5 s, and tbb half of each. Paired, the speedup is 2 every time, and so is its interval;
    # against the serial model's median (1.5 s) it would have ranged from 1.5 to 3.
    run = paired_run({"tbb": [(0.5, 1.0), (1.0, 2.0), (0.75, 1.5)]})
    tbb = next(b for b in run.all() if b.model == "tbb")
    speedup = speedup_estimate(run, tbb)
    assert (speedup.value, speedup.low, speedup.high) == pytest.approx((2.0, 2.0, 2.0))
    assert efficiency_estimate(tbb).value == pytest.approx(1.0)
    assert not Analysis(run).anomalies


def test_a_value_beyond_physics_is_an_anomaly_not_a_result():
    # tbb at 2 workers 2.5x faster than the serial baseline beside it, in every process; threads 1.6x.
    run = paired_run({"tbb": [(0.4, 1.0), (0.8, 2.0), (0.6, 1.5)],
                      "threads": [(0.625, 1.0), (1.25, 2.0), (0.9375, 1.5)]})
    found = Analysis(run).anomalies
    assert [(a.bench.model, a.what) for a in found] == [("tbb", "efficiency")]
    assert found[0].estimate.value == pytest.approx(1.25)
    assert "serial baseline" in found[0].cause
    answer = next(a for a in answers(Analysis(run)) if a.workload == "cpu_sum")
    assert answer.winner.model == "threads"          # the faster time is beyond physics: never crowned
    assert answer.speedup.value == pytest.approx(1.6)
