"""scripts/history on a real store: a history whose runs go to one CPU half-way finds the step on the
workloads' geometric means, names the fingerprint field that changed, gates on it, and lets a user
accept it; bad input is one line and exit 2."""

import json
import random
import subprocess
import sys

import pytest

from concbench import store
from conftest import FIXTURES, SCRIPTS


def history_documents(runs=8, step_at=4, factor=1.8):
    """aa_first.json measured `runs` times with a few percent of noise; from run `step_at` on, on one
    CPU (concbench_cpus 0) and `factor` times as slow."""
    base = json.loads((FIXTURES / "aa_first.json").read_text())
    rng = random.Random(7)
    documents = []
    for index in range(runs):
        document = json.loads(json.dumps(base))
        document["context"]["date"] = f"2026-12-0{1 + index // 4}T1{index % 4}:00:00+00:00"
        slow = index >= step_at
        document["context"]["concbench_cpus"] = "0" if slow else "all"
        document["context"]["usable_cpus"] = "1" if slow else "2"
        run_factor = rng.uniform(0.97, 1.03)
        for entry in document["benchmarks"]:
            entry["real_time"] *= (factor if slow else 1.0) * run_factor * rng.uniform(0.98, 1.02)
        documents.append(document)
    return documents


@pytest.fixture
def location(tmp_path):
    path = str(tmp_path / "history.sqlite")
    with store.open_store(path, create=True) as db:
        for document in history_documents():
            store.add_run(db, document, source="test")
    return path


def history(location, *args):
    return subprocess.run([sys.executable, str(SCRIPTS / "history"), "--store", location, *args],
                          capture_output=True, text=True, timeout=120)


def test_a_step_to_one_cpu_is_found_named_and_gated(location, tmp_path):
    shown = history(location, "-o", str(tmp_path / "charts"))
    assert shown.returncode == 0, shown.stderr
    regressions = [line for line in shown.stdout.splitlines() if line.strip().startswith("regression:")]
    assert regressions and all(" from run 5 " in line for line in regressions)       # runs 1-4, then the step
    assert all("concbench_cpus all → 0" in line for line in regressions)
    assert list((tmp_path / "charts").glob("history_*.png"))
    gated = history(location, "--fail-on-regression")
    assert gated.returncode == 1 and "nobody accepted" in gated.stderr
    for line in regressions:
        subject = line.split("regression: ")[1].split(" from run")[0]
        assert history(location, "accept", "5", subject, "--note", "one CPU on purpose").returncode == 0
    assert history(location, "--fail-on-regression").returncode == 0                   # accepted: the gate passes


def test_single_benchmarks_have_a_smallest_detectable_step(location):
    shown = history(location, "--benchmark", "cpu_sum/tbb/n:100000000/workers:2")
    assert shown.returncode == 0, shown.stderr
    [line] = [line for line in shown.stdout.splitlines() if line.startswith("  cpu_sum/tbb/n:100000000/workers:2:")]
    assert "smallest step found 9 times in 10:" in line     # a single benchmark of 8 runs resolves far less than a mean


@pytest.mark.parametrize("args, message", [
    (["--benchmark", "no_such_benchmark"], "no benchmark of this history matches"),
    (["--machine", "nobody"], "nobody"),
    (["accept", "x", "cpu_sum"], "is not a run id"),
])
def test_bad_input_is_one_line_and_exit_2(location, args, message):
    done = history(location, *args)
    assert done.returncode == 2 and message in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_one_run_is_not_a_history(tmp_path):
    path = str(tmp_path / "one.sqlite")
    with store.open_store(path, create=True) as db:
        store.add_run(db, history_documents(runs=1)[0], source="test")
    done = history(path)
    assert done.returncode == 2 and "a change needs 2 or more" in done.stderr
