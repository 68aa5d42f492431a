"""Loading Google Benchmark JSON: names, units, repetitions, aggregates, merging, and every way a file
can be wrong, each a one-line error."""

import json
import re

import pytest

from concbench.load import TIME_UNIT_SECONDS, load_run, merge_runs, parse_benchmark_name, run_from_json
from concbench.runs import ResultsError
from conftest import FIXTURES
from helpers import bench, loaded
from helpers import speedup


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
    assert parse_benchmark_name(name) == expected


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
    part2 = loaded("machine_a_part2.json")
    assert bench(part2, "spawn/threads/workers:2").time_s == pytest.approx(45e-6)                 # ns


def test_median_and_cv_agree_with_google_benchmarks_aggregates():
    raw = json.loads((FIXTURES / "machine_a.json").read_text())
    run = loaded("machine_a.json")
    aggregates = {(e["run_name"], e["aggregate_name"]): e for e in raw["benchmarks"] if e["run_type"] == "aggregate"}
    for b in run.ok():
        unit = TIME_UNIT_SECONDS[aggregates[(b.name, "median")]["time_unit"]]
        assert b.time_s == pytest.approx(aggregates[(b.name, "median")]["real_time"] * unit, rel=1e-6)
        assert b.cv == pytest.approx(aggregates[(b.name, "cv")]["real_time"], rel=1e-4)


def test_aggregates_only_output_keeps_times_but_no_samples():
    run = loaded("aggregates_only.json")
    tbb = bench(run, "cpu_sum/tbb/n:10000000/workers:2")
    assert tbb.times_s == ()
    assert tbb.time_s == pytest.approx(0.026)
    assert tbb.cv == pytest.approx(0.0106, abs=1e-3)
    assert speedup(run, tbb) == pytest.approx(50 / 26)


def test_errors_are_kept_out_of_the_numbers(machine_b):
    failed = bench(machine_b, "cpu_sum/process/n:200000000/workers:2")
    assert not failed.ok
    assert failed.error == "result mismatch: got 1234, expected 1300"
    assert failed not in machine_b.ok("cpu_sum")
    assert machine_b.failed() == [failed]


def test_merge_later_file_wins_and_adds_workloads(machine_a):
    merged = merge_runs([machine_a, loaded("machine_a_part2.json")])
    tbb = bench(merged, "cpu_sum/tbb/n:200000000/workers:2")
    assert tbb.time_s == pytest.approx(0.5)
    assert len(tbb.times_s) == 3
    assert "spawn" in merged.workloads()
    assert len(merged.benchmarks) == 36 + 2
    assert len(merged.sources) == 2


@pytest.mark.parametrize("name, message", [
    ("missing.json", "no such file"),
    ("truncated.json", "not valid JSON"),
    ("not_benchmark.json", "not Google Benchmark JSON"),
])
def test_bad_files_raise_one_line_errors(name, message):
    with pytest.raises(ResultsError) as error:
        loaded(name)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("data, message", [
    ([1, 2, 3], "not Google Benchmark JSON"),
    ({"context": {}, "benchmarks": [{"name": "x"}]}, "needs 'name' and 'real_time'"),
    ({"context": {}, "benchmarks": []}, "contains no benchmarks"),
    ({"context": {}, "benchmarks": [{"name": "a/b", "real_time": 1, "time_unit": "fortnights"}]}, "time_unit"),
])
def test_json_that_is_not_benchmark_output(data, message):
    with pytest.raises(ResultsError, match=message):
        run_from_json(data, "inline")


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
    with pytest.raises(ResultsError, match=re.escape(message)) as error:
        run_from_json({"context": {}, "benchmarks": [entry_with(**fields)]}, "inline")
    assert "\n" not in str(error.value)


def test_nan_and_infinity_as_google_benchmark_writes_them(tmp_path):
    # Google Benchmark writes a counter that divided by zero as a bare NaN or Infinity token.
    path = tmp_path / "nan.json"
    path.write_text('{"context": {}, "benchmarks": [{"name": "a/b/real_time", "run_name": "a/b/real_time", '
                    '"run_type": "iteration", "iterations": 1, "real_time": 1.0, "cpu_time": 1.0, '
                    '"time_unit": "ms", "items_per_s": Infinity}]}')
    with pytest.raises(ResultsError, match="counter items_per_s is inf"):
        load_run(path)
