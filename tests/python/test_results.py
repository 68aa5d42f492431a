"""Loading, speedup, efficiency and summaries, checked against the numbers written in the fixtures."""

import json
import math
import re

import pytest

from concbench import quality, results
from conftest import FIXTURES


def load(name):
    return results.load_run(FIXTURES / name)


@pytest.fixture(scope="module")
def machine_a():
    return load("machine_a.json")


@pytest.fixture(scope="module")
def machine_b():
    return load("machine_b.json")


def bench(run, label):
    return next(b for b in run.all() if b.label == label)


@pytest.mark.parametrize("name, expected", [
    ("cpu_sum/tbb/n:200000000/workers:2/real_time", ("cpu_sum", "tbb", {"n": 200000000, "workers": 2})),
    ("seed_jobs/pool_map/scale:100/workers:2/real_time", ("seed_jobs", "pool_map", {"scale": 100, "workers": 2})),
    ("latency/async/requests:1000/delay_ms:10/concurrency:100/real_time",
     ("latency", "async", {"requests": 1000, "delay_ms": 10, "concurrency": 100})),
    ("grain/tbb/grain:0.5/iterations:10/repeats:3/threads:1/manual_time", ("grain", "tbb", {"grain": 0.5})),
    ("spawn/threads/8/real_time", ("spawn", "threads", {"arg2": 8})),
    ("http/async/requests:800/delay_ms:100/concurrency:100/rate:800/real_time",
     ("http", "async", {"requests": 800, "delay_ms": 100, "concurrency": 100, "rate": 800})),
    ("latency/pool/requests:250/delay_ms:10/concurrency:10/rate:2.5e2/real_time",
     ("latency", "pool", {"requests": 250, "delay_ms": 10, "concurrency": 10, "rate": 250.0})),
])
def test_parse_benchmark_name(name, expected):
    assert results.parse_benchmark_name(name) == expected


def test_load_groups_repetitions_and_ignores_aggregates(machine_a):
    assert len(machine_a.benchmarks) == 36
    assert machine_a.repetitions == 5
    serial = bench(machine_a, "cpu_sum/serial/n:200000000/workers:1")
    assert len(serial.times_s) == 5
    assert serial.time_s == pytest.approx(1.0)           # median of 5 repetitions, ms -> s
    assert serial.counter("workers") == 1


def test_time_units_are_converted_to_seconds(machine_a):
    assert bench(machine_a, "grain/pool/grain:1000/workers:2").time_s == pytest.approx(120e-6)   # us
    assert bench(machine_a, "seed_jobs/serial/scale:100/workers:1").time_s == pytest.approx(2.0)  # ms
    part2 = load("machine_a_part2.json")
    assert bench(part2, "spawn/threads/workers:2").time_s == pytest.approx(45e-6)                 # ns


def test_median_and_cv_agree_with_google_benchmarks_aggregates():
    raw = json.loads((FIXTURES / "machine_a.json").read_text())
    run = load("machine_a.json")
    aggregates = {(e["run_name"], e["aggregate_name"]): e for e in raw["benchmarks"] if e["run_type"] == "aggregate"}
    for b in run.ok():
        unit = results.TIME_UNIT_SECONDS[aggregates[(b.name, "median")]["time_unit"]]
        assert b.time_s == pytest.approx(aggregates[(b.name, "median")]["real_time"] * unit, rel=1e-6)
        assert b.cv == pytest.approx(aggregates[(b.name, "cv")]["real_time"], rel=1e-4)


def test_aggregates_only_output_keeps_times_but_no_samples():
    run = load("aggregates_only.json")
    tbb = bench(run, "cpu_sum/tbb/n:10000000/workers:2")
    assert tbb.times_s == ()
    assert tbb.time_s == pytest.approx(0.026)
    assert tbb.cv == pytest.approx(0.0106, abs=1e-3)
    assert results.speedup(run, tbb) == pytest.approx(50 / 26)


def test_errors_are_kept_out_of_the_numbers(machine_b):
    failed = bench(machine_b, "cpu_sum/process/n:200000000/workers:2")
    assert not failed.ok
    assert failed.error == "result mismatch: got 1234, expected 1300"
    assert failed not in machine_b.ok("cpu_sum")
    assert machine_b.failed() == [failed]


def test_merge_later_file_wins_and_adds_workloads(machine_a):
    merged = results.merge_runs([machine_a, load("machine_a_part2.json")])
    tbb = bench(merged, "cpu_sum/tbb/n:200000000/workers:2")
    assert tbb.time_s == pytest.approx(0.5)
    assert len(tbb.times_s) == 3
    assert "spawn" in merged.workloads()
    assert len(merged.benchmarks) == 36 + 2
    assert len(merged.sources) == 2


def test_cpu_sum_speedup_uses_serial_at_same_n(machine_a):
    openmp = bench(machine_a, "cpu_sum/openmp/n:200000000/workers:2")
    assert results.serial_reference_s(machine_a, openmp) == pytest.approx(1.0)
    assert results.speedup(machine_a, openmp) == pytest.approx(1000 / 505)
    process = bench(machine_a, "cpu_sum/process/n:10000000/workers:2")
    assert results.speedup(machine_a, process) == pytest.approx(50 / 40)


def test_efficiency_is_ideal_over_measured(machine_a):
    openmp = bench(machine_a, "cpu_sum/openmp/n:200000000/workers:2")
    assert results.ideal_s(machine_a, openmp) == pytest.approx(0.5)
    assert results.efficiency(machine_a, openmp) == pytest.approx(0.5 / 0.505)
    pool_map = bench(machine_a, "seed_jobs/pool_map/scale:100/workers:2")
    assert results.speedup(machine_a, pool_map) == pytest.approx(2000 / 1120)
    assert results.efficiency(machine_a, pool_map) == pytest.approx(1.05 / 1.12)


def test_latency_speedup_is_against_n_times_l(machine_a):
    callback = bench(machine_a, "latency/callback/requests:100/delay_ms:10/concurrency:100")
    assert results.serial_reference_s(machine_a, callback) == pytest.approx(100 * 0.010)
    assert results.speedup(machine_a, callback) == pytest.approx(1.0 / 0.011)
    assert results.efficiency(machine_a, callback) == pytest.approx(0.010 / 0.011)
    assert results.throughput_per_s(callback) == pytest.approx(100 / 0.011)


def minimal_run(entries, **context):
    return results.run_from_json({"context": dict({"num_cpus": 4}, **context), "benchmarks": entries}, "inline")


def entry(name, real_time, unit="ms", **counters):
    return dict({"name": name + "/real_time", "run_name": name + "/real_time", "run_type": "iteration",
                 "repetitions": 1, "iterations": 1, "real_time": real_time, "cpu_time": real_time,
                 "time_unit": unit}, **counters)


def test_ideal_is_derived_when_no_counter_states_it():
    run = minimal_run([entry("latency/async/requests:100/delay_ms:10/concurrency:30", 45.0, workers=1),
                       entry("cpu_sum/serial/n:1000/workers:1", 80.0, workers=1),
                       entry("cpu_sum/threads/n:1000/workers:8", 25.0, workers=8)],
                      physical_cores="4")
    latency = bench(run, "latency/async/requests:100/delay_ms:10/concurrency:30")
    assert results.ideal_s(run, latency) == pytest.approx(math.ceil(100 / 30) * 0.010)
    assert results.efficiency(run, latency) == pytest.approx(0.040 / 0.045)
    threads = bench(run, "cpu_sum/threads/n:1000/workers:8")
    assert results.ideal_s(run, threads) == pytest.approx(0.080 / 4)   # min(workers, cores) with 4 cores
    assert results.speedup(run, threads) == pytest.approx(80 / 25)


def test_summary_picks_fastest_model_where_most_models_ran(machine_a):
    summaries = {s.workload: s for s in results.summarize_workloads(machine_a)}
    assert list(summaries) == ["cpu_sum", "seed_jobs", "latency", "http", "grain"]
    cpu = summaries["cpu_sum"]
    assert (cpu.best.model, cpu.config) == ("openmp", {"n": 200000000, "workers": 2})
    assert cpu.speedup.value == pytest.approx(1000 / 505)
    assert cpu.efficiency.value == pytest.approx(0.5 / 0.505)
    assert cpu.runner_up.model == "tbb"
    seed = summaries["seed_jobs"]
    assert (seed.best.model, seed.time_s) == ("tbb", pytest.approx(1.08))
    assert seed.speedup.value == pytest.approx(2.0 / 1.08)
    latency = summaries["latency"]
    assert (latency.best.model, latency.config["concurrency"]) == ("callback", 100)
    assert latency.speedup.value == pytest.approx(1.0 / 0.011)
    grain = summaries["grain"]
    assert (grain.best.model, grain.speedup, grain.efficiency) == ("tbb", None, None)


def test_an_open_loop_has_no_speedup_and_no_place_in_the_summary():
    """Every model that keeps up with a schedule takes the schedule's time, so the time of an open-loop
    entry says nothing about the model: no speedup, no ⌈N/C⌉ × L ideal, no crown."""
    run = load("latency_open_loop.json")
    sweep = bench(run, "latency/async/requests:8000/delay_ms:10/concurrency:100/rate:8000")
    assert results.is_open_loop(sweep) and sweep.time_s == pytest.approx(8000 / 7920)
    assert results.speedup_estimate(run, sweep) is None and results.speedup_limit(run, sweep) is None
    assert results.ideal_s(run, sweep) == pytest.approx(7999 / 8000 + 0.010)      # only the one it states
    closed = bench(run, "latency/async/requests:100/delay_ms:10/concurrency:100")
    assert results.speedup(run, closed) == pytest.approx(1.0 / 0.0105)
    summaries = {s.workload: s for s in results.summarize_workloads(run)}
    assert all(not results.is_open_loop(s.best) and "rate" not in s.config for s in summaries.values())
    assert summaries["latency"].config == {"requests": 10000, "delay_ms": 10, "concurrency": 10000}
    assert all(not results.is_open_loop(a.bench) for a in results.anomalies(run))


def test_cpu_sum_chart_series(machine_b):
    speedups = results.cpu_sum_speedups(machine_b)
    assert sorted(speedups) == [10000000, 200000000]
    assert speedups[200000000]["openmp"] == [(1, pytest.approx(600 / 601)), (2, pytest.approx(600 / 302)),
                                             (8, pytest.approx(600 / 77))]
    assert "serial" not in speedups[200000000]
    assert speedups[200000000]["process"] == [(8, pytest.approx(600 / 95))]   # the failed workers:2 is left out
    times = results.cpu_sum_times_by_n(machine_b)
    assert times["serial"] == [(10000000, pytest.approx(0.030)), (200000000, pytest.approx(0.600))]
    assert times["tbb"] == [(10000000, pytest.approx(0.0046)), (200000000, pytest.approx(0.078))]


def test_machine_table_and_cores(machine_a, machine_b):
    table = dict(results.machine_table(machine_a.context))
    assert table["CPU"] == "Intel(R) Xeon(R) Processor @ 2.50GHz (2500 MHz)"
    assert table["Cores"] == "2 physical cores, 2 hardware threads"
    assert table["Caches"] == "L1 Data 32 KiB (x2), L1 Instruction 32 KiB (x2), L2 1 MiB (x2), L3 35.8 MiB (x1)"
    assert table["RAM"] == "23.5 GiB"
    assert table["Build type"] == "Release (libbenchmark: debug)"
    assert "oneTBB 2021.8.0" in table["Libraries"]
    assert set(table) <= set(results.MACHINE_FIELDS)
    assert (results.cores(machine_a.context), results.cores(machine_b.context)) == (2, 8)


def test_quality_notes(machine_a, machine_b):
    notes_a = quality.notes(machine_a)
    assert "5 repetitions in one process" in notes_a[0].text and notes_a[0].level == "warning"
    assert any("Smallest difference this run resolves" in n.text for n in notes_a)
    assert any("Library was built as DEBUG" in n.text for n in notes_a)
    warnings_b = [n.text for n in quality.notes(machine_b) if n.level == "warning"]
    assert any("scaling was enabled" in w for w in warnings_b)
    assert any("Load average 6.20 on 16 CPUs" in w for w in warnings_b)
    norep = [n.text for n in quality.notes(load("machine_a_norep.json")) if n.level == "warning"]
    assert any("without repetitions" in w for w in norep)


def test_quality_notes_of_a_scripts_bench_run():
    run = load("aa_first.json")
    texts = [n.text for n in quality.notes(run)]
    assert texts[0].startswith("Each (workload, model) family ran in fresh processes, 4 per benchmark")
    assert any(t.startswith("Stability probe before the suite:") for t in texts)
    assert not any("Load average" in t for t in texts)        # each value recorded what else ran instead


@pytest.mark.parametrize("name, message", [
    ("missing.json", "no such file"),
    ("truncated.json", "not valid JSON"),
    ("not_benchmark.json", "not Google Benchmark JSON"),
])
def test_bad_files_raise_one_line_errors(name, message):
    with pytest.raises(results.ResultsError) as error:
        load(name)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("data, message", [
    ([1, 2, 3], "not Google Benchmark JSON"),
    ({"context": {}, "benchmarks": [{"name": "x"}]}, "needs 'name' and 'real_time'"),
    ({"context": {}, "benchmarks": []}, "contains no benchmarks"),
    ({"context": {}, "benchmarks": [{"name": "a/b", "real_time": 1, "time_unit": "fortnights"}]}, "time_unit"),
])
def test_json_that_is_not_benchmark_output(data, message):
    with pytest.raises(results.ResultsError, match=message):
        results.run_from_json(data, "inline")


@pytest.mark.parametrize("seconds, text", [
    (1.0, "1.00 s"), (0.505, "505 ms"), (0.0112, "11.2 ms"), (45e-6, "45.0 µs"), (0.9999, "1.00 s"), (None, "–"),
])
def test_format_seconds(seconds, text):
    assert results.format_seconds(seconds) == text


def test_cores_respect_pinning():
    pinned = {"physical_cores": "8", "hardware_threads": "16", "usable_cpus": "2", "concbench_cpus": "0,1"}
    assert results.cores(pinned) == 2
    assert results.cores({"num_cpus": 4}) == 4
    assert dict(results.machine_table(pinned))["Cores"] == \
        "8 physical cores, 16 hardware threads, 2 usable (pinned to CPUs 0,1)"


def test_fastest_worker_count_per_model_and_concurrency():
    run = minimal_run([entry("latency/pool/requests:100/delay_ms:10/concurrency:10/workers:2", 300.0),
                       entry("latency/pool/requests:100/delay_ms:10/concurrency:10/workers:8", 120.0),
                       entry("latency/async/requests:100/delay_ms:10/concurrency:10", 101.0)])
    concurrency = lambda b: b.arg("concurrency")
    fastest = sorted((b.model, b.arg("workers")) for b in results.fastest_per(run.ok(), concurrency))
    assert fastest == [("async", None), ("pool", 8)]


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
    return results.run_from_json({"context": {"num_cpus": 2, "physical_cores": "2", "usable_cpus": "2"},
                                  "benchmarks": entries}, "paired")


def test_ratios_pair_each_repetition_with_its_own_baseline():
    # The machine's speed changed between processes: the serial work took 1 s, then 2 s, then
    # 1.5 s, and tbb half of each. Paired, the speedup is 2 every time, and so is its interval;
    # against the serial model's median (1.5 s) it would have ranged from 1.5 to 3.
    run = paired_run({"tbb": [(0.5, 1.0), (1.0, 2.0), (0.75, 1.5)]})
    tbb = next(b for b in run.all() if b.model == "tbb")
    speedup = results.speedup_estimate(run, tbb)
    assert (speedup.value, speedup.low, speedup.high) == pytest.approx((2.0, 2.0, 2.0))
    assert results.efficiency_estimate(run, tbb).value == pytest.approx(1.0)
    assert not results.anomalies(run)


def test_a_value_beyond_physics_is_an_anomaly_not_a_result():
    # tbb at 2 workers 2.5x faster than the serial baseline beside it, in every process; threads 1.6x.
    run = paired_run({"tbb": [(0.4, 1.0), (0.8, 2.0), (0.6, 1.5)],
                      "threads": [(0.625, 1.0), (1.25, 2.0), (0.9375, 1.5)]})
    found = results.anomalies(run)
    assert [(a.bench.model, a.what) for a in found] == [("tbb", "efficiency")]
    assert found[0].estimate.value == pytest.approx(1.25)
    assert "serial baseline" in found[0].cause
    summary = next(s for s in results.summarize_workloads(run) if s.workload == "cpu_sum")
    assert summary.best.model == "threads"          # the faster time is beyond physics: never crowned
    assert summary.speedup.value == pytest.approx(1.6)


def entry_with(**fields):
    entry = {"name": "cpu_sum/tbb/n:100/workers:2/real_time", "run_name": "cpu_sum/tbb/n:100/workers:2/real_time",
             "run_type": "iteration", "repetitions": 1, "repetition_index": 0, "iterations": 1,
             "real_time": 1.0, "cpu_time": 1.0, "time_unit": "ms"}
    entry.update(fields)
    return entry


@pytest.mark.parametrize("fields, message", [
    ({"real_time": 0}, "real_time is 0 (a time must be a finite number above 0)"),
    ({"real_time": -2.5}, "real_time is -2.5"),
    ({"real_time": float("nan")}, "real_time is nan"),
    ({"efficiency": float("inf")}, "counter efficiency is inf (not a finite number)"),
    ({"items_per_s": float("nan")}, "counter items_per_s is nan"),
    ({"ideal_s": 0}, "counter ideal_s is 0 (must be above 0)"),
    ({"latency_p99_s": -0.001}, "counter latency_p99_s is -0.001 (must be 0 or above)"),
    ({"achieved_rate": -5}, "counter achieved_rate is -5 (must be 0 or above)"),
])
def test_impossible_times_and_counters_are_one_line_errors(fields, message):
    with pytest.raises(results.ResultsError, match=re.escape(message)) as error:
        results.run_from_json({"context": {}, "benchmarks": [entry_with(**fields)]}, "inline")
    assert "\n" not in str(error.value)


def test_nan_and_infinity_as_google_benchmark_writes_them(tmp_path):
    # Google Benchmark writes a counter that divided by zero as a bare NaN or Infinity token.
    path = tmp_path / "nan.json"
    path.write_text('{"context": {}, "benchmarks": [{"name": "a/b/real_time", "run_name": "a/b/real_time", '
                    '"run_type": "iteration", "iterations": 1, "real_time": 1.0, "cpu_time": 1.0, '
                    '"time_unit": "ms", "items_per_s": Infinity}]}')
    with pytest.raises(results.ResultsError, match="counter items_per_s is inf"):
        results.load_run(path)
