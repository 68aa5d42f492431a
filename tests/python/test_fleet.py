"""N machines against a reference: geometric means with intervals over the benchmarks every machine
ran, missing cells listed and never fatal, the all-core cases per core, and where the best model
changes with the machine."""

import math

import pytest

from concbench.fleet import Fleet, geomean_estimate
from concbench.load import run_from_json
from concbench.stats import Estimate


def test_a_geometric_mean_carries_an_interval_from_its_ratios():
    estimates = [Estimate(2.0, 1.8, 2.2, 5), Estimate(0.5, 0.45, 0.55, 5)]
    mean = geomean_estimate(estimates)
    assert mean.value == pytest.approx(1.0)
    widths = [(math.log(2.2) - math.log(1.8)) / (2 * 1.959964), (math.log(0.55) - math.log(0.45)) / (2 * 1.959964)]
    half = 1.959964 * math.sqrt(sum(w * w for w in widths)) / 2
    assert (mean.low, mean.high) == (pytest.approx(math.exp(-half)), pytest.approx(math.exp(half)))
    assert geomean_estimate([Estimate(2.0, None, None, 1)]).has_interval is False
    assert geomean_estimate([]) is None


def machine(host, cores, times, extra=()):
    """A run of cpu_sum on `host`: {model: (seconds at workers:all, seconds at workers:1)}, 5 processes."""
    entries = []
    for model, (all_cores, one) in times.items():
        for workers, seconds in (("all", all_cores), (1, one)):
            name = f"cpu_sum/{model}/n:100/workers:{workers}/real_time"
            for p in range(5):
                entries.append({"name": name, "run_name": name, "run_type": "iteration", "iterations": 1,
                                "real_time": seconds * 1e3 * (1 + 0.01 * (p - 2)), "cpu_time": 1.0, "time_unit": "ms",
                                "workers": cores if workers == "all" else 1, "serial_s": one,
                                "concbench_process": p})
    for name, seconds in extra:
        entries += [{"name": name, "run_name": name, "run_type": "iteration", "iterations": 1, "real_time": seconds,
                     "cpu_time": 1.0, "time_unit": "ms", "concbench_process": p} for p in range(5)]
    context = {"host_name": host, "physical_cores": str(cores), "usable_cpus": str(cores), "usable_cores": str(cores)}
    return run_from_json({"context": context, "benchmarks": entries}, f"{host}.json")


def test_means_over_the_shared_benchmarks_missing_listed_per_core_and_changes():
    reference = machine("two-core", 2, {"tbb": (0.5, 1.0), "threads": (0.6, 1.0)},
                        extra=[("cpu_sum/tbb/n:100/workers:2/real_time", 500.0)])
    big = machine("sixteen-core", 16, {"tbb": (0.1, 1.0), "threads": (0.08, 1.0)},
                  extra=[("cpu_sum/tbb/n:100/workers:4/real_time", 250.0)])
    fleet = Fleet([reference, big], ["two-core", "sixteen-core"])
    assert fleet.common() == {f"cpu_sum/{m}/n:100/workers:{w}" for m in ("tbb", "threads") for w in ("all", 1)}
    missing = dict(fleet.missing())
    assert "cpu_sum/tbb/n:100/workers:2" in missing and "cpu_sum/tbb/n:100/workers:4" in missing
    overall = fleet.geomeans("sixteen-core")[None]
    expected = (0.1 / 0.5 * 0.08 / 0.6 * 1 * 1) ** 0.25
    assert overall.value == pytest.approx(expected, rel=0.02) and overall.has_interval
    rows = {r.name: r for r in fleet.per_core("sixteen-core")}
    tbb = rows["cpu_sum/tbb/n:100/workers:all"]
    assert tbb.throughput == pytest.approx(5.0, rel=0.02) and tbb.per_core == pytest.approx(5.0 * 2 / 16, rel=0.02)
    [change] = fleet.changes()
    assert (change.workload, change.reference.winner.model, change.here.winner.model) == ("cpu_sum", "tbb", "threads")
    assert "on sixteen-core, threads overtakes tbb" in change.text("two-core")
