"""Ratios, geometric means and Mann-Whitney U verdicts between two machines' fixtures."""

import math

import pytest

from concbench import results
from conftest import FIXTURES


@pytest.fixture(scope="module")
def a_vs_b():
    return results.compare_runs(results.load_run(FIXTURES / "machine_a.json"),
                                results.load_run(FIXTURES / "machine_b.json"))


def comparison(run_comparison, label):
    return next(c for c in run_comparison.comparisons if c.name == label)


def test_geometric_mean():
    assert results.geometric_mean([0.5, 2.0]) == pytest.approx(1.0)
    assert results.geometric_mean([1.0, 4.0]) == pytest.approx(2.0)
    assert results.geometric_mean([]) is None


def test_min_two_sided_p():
    assert results.min_two_sided_p(3, 3) == pytest.approx(0.1)          # 2 / C(6, 3)
    assert results.min_two_sided_p(5, 5) == pytest.approx(2 / 252)


@pytest.mark.parametrize("baseline, contender, verdict", [
    ((1.00, 1.01, 1.02, 1.03, 1.04), (0.50, 0.51, 0.52, 0.53, 0.54), "faster"),
    ((0.50, 0.51, 0.52, 0.53, 0.54), (1.00, 1.01, 1.02, 1.03, 1.04), "slower"),
    ((1.00, 1.01, 1.02, 1.03, 1.04), (1.005, 1.015, 1.025, 1.035, 1.045), "too close"),   # within 1%
    ((1.0, 1.2, 0.8, 1.1, 0.9), (1.05, 1.25, 0.85, 1.15, 0.95), "too close"),             # 5% apart, overlapping
    ((1.0, 1.01), (0.5, 0.51), "n/a"),                                                     # too few repetitions
    ((1.0,), (0.5,), "n/a"),
    ((1.0, 1.01, 1.02), (0.5, 0.51, 0.52), "too close"),    # 3 vs 3 can never reach p < 0.05 two-sided
])
def test_u_test_verdict(baseline, contender, verdict):
    assert results.u_test_verdict(baseline, contender)[0] == verdict


def test_u_test_p_value_for_complete_separation():
    verdict, p_value = results.u_test_verdict((2, 3, 4, 5, 6), (1.0, 1.1, 1.2, 1.3, 1.4))
    assert verdict == "faster"
    assert p_value == pytest.approx(2 / 252)


def test_pairs_benchmarks_by_name(a_vs_b):
    assert len(a_vs_b.comparisons) == 33
    assert sorted(b.label for b in a_vs_b.only_in_baseline) == [
        "http/async/requests:1000/delay_ms:10/concurrency:10", "http/async/requests:1000/delay_ms:10/concurrency:100"]
    assert len(a_vs_b.only_in_contender) == 13
    assert [b.label for b in a_vs_b.failed] == ["cpu_sum/process/n:200000000/workers:2"]


def test_ratios_and_verdicts(a_vs_b):
    serial = comparison(a_vs_b, "cpu_sum/serial/n:200000000/workers:1")
    assert serial.ratio == pytest.approx(0.6)
    assert (serial.verdict, serial.p_value) == ("faster", pytest.approx(2 / 252))
    process = comparison(a_vs_b, "seed_jobs/process/scale:100/workers:2")
    assert process.ratio == pytest.approx(1534 / 1180)
    assert process.verdict == "slower"
    threads = comparison(a_vs_b, "latency/threads/requests:100/delay_ms:10/concurrency:100")
    assert threads.ratio == pytest.approx(12.85 / 12.5)
    assert threads.verdict == "too close" and threads.p_value > 0.05
    async_c1 = comparison(a_vs_b, "latency/async/requests:100/delay_ms:10/concurrency:1")
    assert async_c1.verdict == "too close" and abs(async_c1.ratio - 1) < 0.01


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
    assert a_vs_b.verdict_counts() == {"faster": 24, "slower": 1, "too close": 8, "n/a": 0}
    assert a_vs_b.verdict_counts("seed_jobs") == {"faster": 4, "slower": 1, "too close": 0, "n/a": 0}
    assert a_vs_b.verdict_counts("latency") == {"faster": 2, "slower": 0, "too close": 8, "n/a": 0}


def test_without_repetitions_the_verdict_is_na():
    norep = results.compare_runs(results.load_run(FIXTURES / "machine_a_norep.json"),
                                 results.load_run(FIXTURES / "machine_b.json"))
    assert {c.verdict for c in norep.comparisons} == {"n/a"}
    assert comparison(norep, "cpu_sum/tbb/n:200000000/workers:2").ratio == pytest.approx(305 / 512)


def test_runs_without_common_benchmarks_are_an_error():
    with pytest.raises(results.ResultsError, match="no benchmark in common"):
        results.compare_runs(results.load_run(FIXTURES / "machine_a.json"),
                             results.load_run(FIXTURES / "pipeline_only.json"))


def test_labels_fall_back_to_file_names_when_hosts_repeat():
    runs = [results.load_run(FIXTURES / "machine_a.json"), results.load_run(FIXTURES / "machine_a_norep.json")]
    assert results.unique_labels(runs) == ["machine_a", "machine_a_norep"]
