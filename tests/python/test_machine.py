"""The machine and the trust notes: what the context says, how far the numbers hold, and how numbers
are printed."""

import pytest

from concbench import quality
from concbench.analysis import Analysis
from concbench.formatting import format_seconds
from concbench.load import run_from_json
from concbench.machine import MACHINE_FIELDS, cores, machine_table
from concbench.report.requests import fastest_per_concurrency
from helpers import loaded


def test_machine_table_and_cores(machine_a, machine_b):
    table = dict(machine_table(machine_a.context))
    assert table["CPU"] == "Intel(R) Xeon(R) Processor @ 2.50GHz (2500 MHz)"
    assert table["Cores"] == "2 physical cores, 2 hardware threads"
    assert table["Caches"] == "L1 Data 32 KiB (x2), L1 Instruction 32 KiB (x2), L2 1 MiB (x2), L3 35.8 MiB (x1)"
    assert table["RAM"] == "23.5 GiB"
    assert table["Build type"] == "Release (libbenchmark: debug)"
    assert "oneTBB 2021.8.0" in table["Libraries"]
    assert set(table) <= set(MACHINE_FIELDS)
    assert (cores(machine_a.context), cores(machine_b.context)) == (2, 8)


def test_quality_notes(machine_a, machine_b):
    notes_a = quality.notes(Analysis(machine_a))
    assert "5 repetitions in one process" in notes_a[0].text and notes_a[0].level == "warning"
    assert any("95% interval narrower than" in n.text for n in notes_a)
    assert any("Library was built as DEBUG" in n.text for n in notes_a)
    warnings_b = [n.text for n in quality.notes(Analysis(machine_b)) if n.level == "warning"]
    assert any("scaling was enabled" in w for w in warnings_b)
    assert any("Load average 6.20 on 16 CPUs" in w for w in warnings_b)
    norep = [n.text for n in quality.notes(Analysis(loaded("machine_a_norep.json"))) if n.level == "warning"]
    assert any("without repetitions" in w for w in norep)


def test_quality_notes_of_a_scripts_bench_run():
    run = loaded("aa_first.json")
    texts = [n.text for n in quality.notes(Analysis(run))]
    assert texts[0].startswith("Each (workload, model) family ran in fresh processes, 4 per benchmark")
    assert any(t.startswith("Stability probe before the suite:") for t in texts)
    assert not any("Load average" in t for t in texts)        # each value recorded what else ran instead


@pytest.mark.parametrize("seconds, text", [
    (1.0, "1.00 s"), (0.505, "505 ms"), (0.0112, "11.2 ms"), (45e-6, "45.0 µs"), (0.9999, "1.00 s"), (None, "–"),
])
def test_format_seconds(seconds, text):
    assert format_seconds(seconds) == text


def test_cores_respect_pinning():
    pinned = {"physical_cores": "8", "hardware_threads": "16", "usable_cpus": "2", "concbench_cpus": "0,1"}
    assert cores(pinned) == 2
    assert cores({"num_cpus": 4}) == 4
    assert dict(machine_table(pinned))["Cores"] == \
        "8 physical cores, 16 hardware threads, 2 usable (pinned to CPUs 0,1)"


def test_fastest_worker_count_per_model_and_concurrency():
    def entry(name, real_time):
        return {"name": name + "/real_time", "run_name": name + "/real_time", "run_type": "iteration",
                "repetitions": 1, "iterations": 1, "real_time": real_time, "cpu_time": real_time, "time_unit": "ms"}
    run = run_from_json({"context": {"num_cpus": 4}, "benchmarks": [
        entry("latency/pool/requests:100/delay_ms:10/concurrency:10/workers:2", 300.0),
        entry("latency/pool/requests:100/delay_ms:10/concurrency:10/workers:8", 120.0),
        entry("latency/async/requests:100/delay_ms:10/concurrency:10", 101.0)]}, "inline")
    fastest = sorted((b.model, b.arg("workers")) for b in fastest_per_concurrency(run.ok()))
    assert fastest == [("async", None), ("pool", 8)]
