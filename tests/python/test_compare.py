"""Ratios with intervals, geometric means and verdicts between two machines' fixtures (five
repetitions a side, no processes recorded: each repetition counts as one unit)."""

import math

import pytest

from conftest import FIXTURES
from concbench.comparison import compare_runs, geometric_mean
from concbench.load import load_run, run_from_json
from concbench.machine import unique_labels
from concbench.runs import OPEN_LOOP_ARG, ResultsError


@pytest.fixture(scope="module")
def a_vs_b():
    return compare_runs(load_run(FIXTURES / "machine_a.json"),
                                load_run(FIXTURES / "machine_b.json"))


def comparison(run_comparison, label):
    return next(c for c in run_comparison.comparisons if c.name == label)


def test_geometric_mean():
    assert geometric_mean([0.5, 2.0]) == pytest.approx(1.0)
    assert geometric_mean([1.0, 4.0]) == pytest.approx(2.0)
    assert geometric_mean([]) is None


def test_pairs_benchmarks_by_name(a_vs_b):
    assert len(a_vs_b.comparisons) == 33
    assert sorted(b.label for b in a_vs_b.only_in_baseline) == [
        "http/async/requests:1000/delay_ms:10/concurrency:10", "http/async/requests:1000/delay_ms:10/concurrency:100"]
    assert len(a_vs_b.only_in_contender) == 13
    assert [b.label for b in a_vs_b.failed] == ["cpu_sum/process/n:200000000/workers:2"]


def test_ratios_and_verdicts(a_vs_b):
    serial = comparison(a_vs_b, "cpu_sum/serial/n:200000000/workers:1")
    assert serial.ratio == pytest.approx(0.6)
    assert serial.verdict == "faster" and serial.estimate.high < 1 / 1.05
    process = comparison(a_vs_b, "seed_jobs/process/scale:100/workers:2")
    assert process.ratio == pytest.approx(1534 / 1180)
    assert process.verdict == "slower"
    threads = comparison(a_vs_b, "latency/threads/requests:100/delay_ms:10/concurrency:100")
    assert threads.ratio == pytest.approx(12.85 / 12.5)
    assert threads.verdict in ("same", "within") and threads.estimate.low <= threads.ratio <= threads.estimate.high
    async_c1 = comparison(a_vs_b, "latency/async/requests:100/delay_ms:10/concurrency:1")
    assert async_c1.verdict == "same" and abs(async_c1.ratio - 1) < 0.01


def test_geometric_means(a_vs_b):
    by_workload = a_vs_b.geomean_by_workload()
    assert by_workload["grain"] == pytest.approx(0.5)
    seed_ratios = [1200 / 2000, 670 / 1120, 655 / 1090, 1534 / 1180, 650 / 1080]
    assert by_workload["seed_jobs"] == pytest.approx(math.prod(seed_ratios) ** (1 / 5))
    counts = {w: len(group) for w, group in a_vs_b.by_workload().items()}
    weighted = math.exp(sum(counts[w] * math.log(g) for w, g in by_workload.items()) / sum(counts.values()))
    assert a_vs_b.geomean() == pytest.approx(weighted)
    assert a_vs_b.geomean_by_workload_and_model()[("seed_jobs", "process")] == pytest.approx(1534 / 1180)


def test_wins_and_losses(a_vs_b):
    assert a_vs_b.verdict_counts() == {"faster": 22, "slower": 1, "same": 9, "within": 1, "n/a": 0}
    assert a_vs_b.verdict_counts("seed_jobs") == {"faster": 4, "slower": 1, "same": 0, "within": 0, "n/a": 0}
    # latency differs by 0-3% between the machines: within the ±5% noise threshold, so "same"
    # (a rank test on 5 values each used to call two of these 1% differences "faster")
    assert a_vs_b.verdict_counts("latency") == {"faster": 0, "slower": 0, "same": 9, "within": 1, "n/a": 0}


def test_without_repetitions_the_verdict_is_na():
    norep = compare_runs(load_run(FIXTURES / "machine_a_norep.json"),
                                 load_run(FIXTURES / "machine_b.json"))
    assert {c.verdict for c in norep.comparisons} == {"n/a"}
    assert comparison(norep, "cpu_sum/tbb/n:200000000/workers:2").ratio == pytest.approx(305 / 512)


def test_runs_without_common_benchmarks_are_an_error():
    with pytest.raises(ResultsError, match="no benchmark in common"):
        compare_runs(load_run(FIXTURES / "machine_a.json"),
                             load_run(FIXTURES / "pipeline_only.json"))


def test_labels_fall_back_to_file_names_when_hosts_repeat():
    runs = [load_run(FIXTURES / "machine_a.json"), load_run(FIXTURES / "machine_a_norep.json")]
    assert unique_labels(runs) == ["machine_a", "machine_a_norep"]


def slower_threads(factor):
    """The latency fixture as another machine whose threads models take `factor` times as long per request."""
    import json

    data = json.loads((FIXTURES / "latency_open_loop.json").read_text())
    data["context"].update(host_name="fixture-b", hostname="fixture-b")
    for entry in data["benchmarks"]:
        if "/threads/" in entry["name"]:
            entry.update({k: v * factor for k, v in entry.items() if k.startswith("latency_")})
    return run_from_json(data, "fixture-b.json")


def test_p99_is_compared_where_both_runs_have_it_and_open_loops_only_by_p99():
    a = load_run(FIXTURES / "latency_open_loop.json")
    run_comparison = compare_runs(a, slower_threads(1.5))
    p99 = {c.name: c for c in run_comparison.p99}
    assert len(p99) == len([b for b in a.ok() if "latency_p99_s" in b.counters]) == 42
    sweep = p99["latency/threads/requests:8000/delay_ms:10/concurrency:100/rate:8000"]
    assert sweep.ratio == pytest.approx(1.5) and sweep.verdict == "slower"
    assert p99["latency/async/requests:100/delay_ms:10/concurrency:100"].verdict == "same"
    timed = {c.name for c in run_comparison.comparisons}
    assert not any(OPEN_LOOP_ARG + ":" in name for name in timed)      # the schedule's time, not the model's
    assert "latency/threads/requests:100/delay_ms:10/concurrency:100" in timed


def test_runs_without_latency_counters_have_no_p99_comparisons(a_vs_b):
    assert a_vs_b.p99 == []
