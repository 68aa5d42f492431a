"""Adding a model is one C++ file: concbench_example_model is concbench plus
tests/example_model/cpu_sum_example.cpp, a model no other file names. Its results must reach a
report — its row in the catalog the run carries, its benchmarks in the results table and its line
in the chart — with no edit anywhere else."""

import json
import os
import re
import subprocess

import pytest

import report
from concbench.load import load_run

pytestmark = pytest.mark.skipif(not os.environ.get("CONCBENCH_EXAMPLE_BIN"),
                                reason="needs the built concbench_example_model (run through ctest)")


def test_a_new_model_file_reaches_the_report_with_no_other_edit(tmp_path):
    out = tmp_path / "example.json"
    subprocess.run([os.environ["CONCBENCH_EXAMPLE_BIN"], "--suite=smoke", "--benchmark_filter=^cpu_sum/(serial|example)/",
                    "--benchmark_repetitions=3", "--benchmark_min_time=0.001", f"--benchmark_out={out}",
                    "--benchmark_out_format=json"], capture_output=True, text=True, timeout=300, check=True)
    run = load_run(out)
    facts = run.catalog.model("cpu_sum", "example")
    assert facts.what == "test only: std::async per chunk" and not facts.python and facts.uses_cores
    assert run.order("cpu_sum", {"example", "serial"}) == ["serial", "example"]   # a new model follows the known ones
    assert report.main([str(out), "-o", str(tmp_path / "r")]) == 0
    markdown = (tmp_path / "r" / "report.md").read_text()
    rows = re.findall(r"^\| example \| (n=\S+ workers=\d+) \|", markdown, re.M)
    assert len(rows) == len([b for b in run.ok("cpu_sum") if b.model == "example"]) >= 2
    assert "cpu_sum_speedup.png" in markdown


def test_the_example_model_is_not_in_concbench_itself():
    if not os.environ.get("CONCBENCH_BIN"):
        pytest.skip("needs the built concbench")
    listed = json.loads(subprocess.run([os.environ["CONCBENCH_BIN"], "--list-models", "--json"], capture_output=True,
                                       text=True, timeout=60, check=True).stdout)
    assert "example" not in {m["name"] for m in listed["models"]}
