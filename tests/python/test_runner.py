"""scripts/bench's runner: families, names, and what happens when a concbench process fails.

A fake concbench (a shell script) stands in for the real one, so these tests say what the runner
does with a good process, a crashed one and a hung one, in milliseconds and without benchmarks.
"""

import json
import re
import stat
import textwrap

import pytest

from concbench import runner
from concbench.runs import ResultsError
from concbench.comparison import compare_runs
from concbench.load import load_run

NAMES = ["cpu_sum/tbb/n:1000/workers:1/real_time", "cpu_sum/tbb/n:1000/workers:2/real_time",
         "cpu_sum/serial/n:1000/workers:1/real_time", "latency/async/requests:10/delay_ms:1/concurrency:10/real_time"]


def test_families_are_workload_and_model():
    families = runner.group_families(NAMES)
    assert [(f.name, len(f.benchmarks)) for f in families] == [("cpu_sum/tbb", 2), ("cpu_sum/serial", 1),
                                                                ("latency/async", 1)]


def test_family_filter_matches_its_benchmarks_with_or_without_fixed_iterations():
    tbb = runner.group_families(NAMES)[0]
    pattern = re.compile(tbb.filter)
    assert pattern.search("cpu_sum/tbb/n:1000/workers:2/real_time")
    assert pattern.search("cpu_sum/tbb/n:1000/workers:2/iterations:57/real_time")
    assert not pattern.search("cpu_sum/tbb/n:10000/workers:2/real_time")       # a prefix is not a match
    assert not pattern.search("cpu_sum/serial/n:1000/workers:1/real_time")


def test_record_files_every_round_under_one_name_and_flags_interference():
    collected = runner.Collected(runner.Config("all CPUs", bin_dir=None))
    entry = {"name": "cpu_sum/tbb/n:1000/workers:2/iterations:57/real_time",
             "run_name": "cpu_sum/tbb/n:1000/workers:2/iterations:57/real_time", "other_cpus": 0.9, "steal_cpus": 0}
    quiet = dict(entry, other_cpus=0.01)
    family = runner.group_families(NAMES)[0]
    runner.record(collected, runner.ProcessResult([entry, quiet], {"host_name": "x"}, 1.0), family, 2, 7)
    assert [e["name"] for e in collected.entries] == ["cpu_sum/tbb/n:1000/workers:2/real_time"] * 2
    assert [e["concbench_interfered"] for e in collected.entries] == [True, False]
    assert {(e["concbench_process"], e["concbench_round"]) for e in collected.entries} == {(7, 2)}


def test_iterations_file_scales_each_calibrated_benchmark_to_a_full_value(tmp_path):
    entries = [{"run_name": NAMES[0], "iterations": 12, "real_time": 4.0, "time_unit": "ms"},      # 48 ms: 25 make 0.1 s
               {"run_name": NAMES[1], "iterations": 1, "real_time": 240.0, "time_unit": "ms"},     # longer than a value: 1
               {"run_name": NAMES[2], "iterations": 0, "real_time": 0, "error_occurred": True}]
    path = runner.write_iterations(tmp_path, entries, value_time=0.1)
    assert path.read_text() == f"{NAMES[0]} 25\n{NAMES[1]} 1\n"


def fake_concbench(tmp_path, body, names=NAMES):
    """A concbench that lists `names` and otherwise runs `body` (with $out the --benchmark_out path)."""
    script = tmp_path / "concbench"
    script.write_text(textwrap.dedent("""\
        #!/bin/sh
        out=""
        for arg in "$@"; do
          case $arg in
            --benchmark_list_tests=true) printf '%s\\n' {names}; exit 0 ;;
            --benchmark_out=*) out=${{arg#--benchmark_out=}} ;;
          esac
        done
        """).format(names=" ".join(names)) + body)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return runner.Config("fake", bin_dir=tmp_path)


def one_entry(name, **fields):
    return dict({"name": name, "run_name": name, "run_type": "iteration", "repetitions": 1, "iterations": 5,
                 "real_time": 1.5, "cpu_time": 1.5, "time_unit": "ms", "other_cpus": 0.01}, **fields)


def test_a_good_process_reports_its_entries(tmp_path):
    data = {"context": {"host_name": "fake"}, "benchmarks": [one_entry(NAMES[0]), one_entry(NAMES[1])]}
    (tmp_path / "data.json").write_text(json.dumps(data))
    config = fake_concbench(tmp_path, f'cp {tmp_path / "data.json"} "$out"\n')
    family = runner.group_families(NAMES)[0]
    with open(tmp_path / "log", "w") as log:
        result = runner.run_family_process(config, family, runner.Options(), None, log, tmp_path)
    assert result.problem is None
    assert [e["name"] for e in result.entries] == NAMES[:2]


def test_a_crashed_process_turns_its_benchmarks_into_failures(tmp_path):
    config = fake_concbench(tmp_path, "kill -SEGV $$\n")
    family = runner.group_families(NAMES)[0]
    with open(tmp_path / "log", "w") as log:
        result = runner.run_family_process(config, family, runner.Options(), None, log, tmp_path)
    assert result.problem == "concbench died of signal 11 (SIGSEGV)"
    assert [(e["name"], e["error_occurred"]) for e in result.entries] == [(NAMES[0], True), (NAMES[1], True)]


def test_a_process_that_reports_only_part_of_its_family_fails_the_rest(tmp_path):
    data = {"context": {}, "benchmarks": [one_entry(NAMES[0])]}
    (tmp_path / "data.json").write_text(json.dumps(data))
    config = fake_concbench(tmp_path, f'cp {tmp_path / "data.json"} "$out"\nexit 1\n')
    family = runner.group_families(NAMES)[0]
    with open(tmp_path / "log", "w") as log:
        result = runner.run_family_process(config, family, runner.Options(), None, log, tmp_path)
    assert [e.get("error_occurred", False) for e in result.entries] == [False, True]


def test_a_hung_process_is_killed_at_its_timeout(tmp_path):
    config = fake_concbench(tmp_path, "sleep 30\n")
    family = runner.group_families(NAMES)[0]
    with open(tmp_path / "log", "w") as log:
        result = runner.run_family_process(config, family, runner.Options(process_timeout=0.5), None, log, tmp_path)
    assert result.problem == "timed out after 0 s" or result.problem.startswith("timed out")
    assert result.seconds < 10
    assert all(e["error_occurred"] for e in result.entries)


def test_a_whole_run_with_a_fake_concbench_writes_results(tmp_path):
    data = {"context": {"host_name": "fake"},
            "benchmarks": [one_entry(name) for name in NAMES]}
    (tmp_path / "data.json").write_text(json.dumps(data))
    config = fake_concbench(tmp_path, f'cp {tmp_path / "data.json"} "$out"\n')
    options = runner.Options(processes=3, max_processes=3, probe_seconds=0.1, seed=1)
    lines = []
    [path] = runner.run_suite([config], options, [tmp_path / "out"], say=lines.append)
    written = json.loads(path.read_text())
    # three processes per family; the fake reports every name each time, of which each family keeps its own
    per_name = {}
    for entry in written["benchmarks"]:
        per_name.setdefault(entry["name"], set()).add(entry["concbench_process"])
    assert all(len(processes) == 3 for processes in per_name.values())
    assert written["context"]["concbench_method"]["processes_per_benchmark"] == 3
    assert written["context"]["concbench_method"]["complete"] is True
    assert any(line.startswith("[round 3 ") for line in lines)             # progress, one line per process


OPEN_LOOP = "latency/async/requests:2000/delay_ms:10/concurrency:100/rate:2000/real_time"


def test_latency_counters_and_the_rate_argument_survive_the_rounds(tmp_path):
    """Three processes report three sets of per-request counters; results.json keeps every one, tagged
    with its process, and loading takes each counter's median across the processes (a percentile or a
    rate of one process is one sample, like its time)."""
    p99s = (0.012, 0.030, 0.011)
    for process, p99 in enumerate(p99s):
        entry = one_entry(OPEN_LOOP, iterations=1, real_time=1005.0 + process, latency_p50_s=0.0101,
                          latency_p99_s=p99, latency_max_s=0.040 - process / 1000, offered_rate=2000.0,
                          achieved_rate=1990.0 - 10 * process, latency_p99_first_s=0.011,
                          latency_p99_last_s=p99 + 0.001)
        (tmp_path / f"data{process}.json").write_text(json.dumps({"context": {"host_name": "fake"},
                                                                  "benchmarks": [entry]}))
    counter = tmp_path / "processes"
    config = fake_concbench(tmp_path, f'n=$(cat {counter} 2>/dev/null || echo 0)\n'
                                      f'cp {tmp_path}/data$n.json "$out"\necho $((n + 1)) > {counter}\n',
                            names=[OPEN_LOOP])
    [family] = runner.group_families([OPEN_LOOP])
    assert re.search(family.filter, OPEN_LOOP.replace("/real_time", "/iterations:3/real_time"))
    options = runner.Options(processes=3, max_processes=3, probe_seconds=0.1, seed=1)
    [path] = runner.run_suite([config], options, [tmp_path / "out"], say=lambda text: None)
    written = json.loads(path.read_text())
    assert sorted(e["latency_p99_s"] for e in written["benchmarks"]) == sorted(p99s)
    bench = load_run(path).benchmarks[OPEN_LOOP]
    assert bench.args == {"requests": 2000, "delay_ms": 10, "concurrency": 100, "rate": 2000}
    assert bench.open_loop
    assert bench.counter("latency_p99_s") == pytest.approx(0.012)        # the median, not the mean (0.0177)
    assert bench.counter("latency_p99_last_s") == pytest.approx(0.013)
    assert bench.counter("latency_max_s") == pytest.approx(0.039)
    assert bench.counter("achieved_rate") == pytest.approx(1980.0)
    assert bench.counter("offered_rate") == 2000.0


@pytest.mark.parametrize("spec, message", [
    ("cpus", "needs same, cpus=LIST or bin=DIR"),
    ("cpus=x", "needs a CPU list"),
    ("bin=/nonexistent", "no concbench there"),
    ("threads=2", "needs same, cpus=LIST or bin=DIR"),
])
def test_bad_ab_configurations(spec, message):
    with pytest.raises(ResultsError, match=message):
        runner.parse_config(spec, runner.Config("all CPUs", bin_dir=None))


def settling_suite(tmp_path, budget):
    """A Suite over NAMES with three processes measured: tbb at workers:2 scatters, the rest agree."""
    config = fake_concbench(tmp_path, "")
    suite = runner.Suite([config], runner.Options(processes=3, time_budget=budget), say=lambda text: None)
    for process, scatter in enumerate((0.7, 1.0, 1.4)):
        suite.collected[0].entries += [
            dict(one_entry(name, real_time=1.5 * (scatter if "workers:2" in name else 1.0), serial_s=0.003),
                 concbench_process=process) for name in NAMES]
        for family in suite.families:     # a process of 1 s for the family's two benchmarks: 0.5 s each
            suite.durations.setdefault((0, family.name), []).append(1.0 / len(family.benchmarks))
    return suite


def test_extra_processes_go_to_the_benchmarks_whose_interval_is_wide(tmp_path):
    suite = settling_suite(tmp_path, budget=None)
    assert set(suite.unsettledness()) == {NAMES[1]}
    families, unsettled, cost = suite.next_extra_round()
    assert unsettled == 1
    assert [(f.name, f.benchmarks) for f in families] == [("cpu_sum/tbb", [NAMES[1]])]
    assert cost == pytest.approx(0.5 + runner.PROCESS_START_SECONDS)     # half of its family's process


def test_no_extra_process_starts_past_the_time_budget(tmp_path):
    suite = settling_suite(tmp_path, budget=0.1)
    families, unsettled, _ = suite.next_extra_round()
    assert unsettled == 1 and families == []


def test_an_interleaved_run_pairs_its_configurations_and_measures_its_own_aa(tmp_path):
    """--ab same: A and A′ run in the same rounds, the side going first rotating; their files share
    one run id, so compare pairs them round by round, and A′ gives the run its A/A noise."""
    data = {"context": {"host_name": "fake"}, "benchmarks": [one_entry(name) for name in NAMES]}
    (tmp_path / "data.json").write_text(json.dumps(data))
    base = fake_concbench(tmp_path, f'cp {tmp_path / "data.json"} "$out"\n')
    configs = [base, runner.parse_config("same", base)]
    options = runner.Options(processes=3, summary_processes=3, max_processes=3, probe_seconds=0.1, seed=1)
    lines = []
    a, b = runner.run_suite(configs, options, [tmp_path / "a", tmp_path / "b"], say=lines.append)
    first, second = load_run(a), load_run(b)
    ab = first.context["concbench_ab"]
    assert ab["run"] == second.context["concbench_ab"]["run"] and (ab["index"], second.context["concbench_ab"]["index"]) == (0, 1)
    assert ab["aa_noise"] == pytest.approx(0.0) and ab["aa_coverage"] == pytest.approx(1.0)
    comparison = compare_runs(first, second)
    assert comparison.paired and all(c.paired for c in comparison.comparisons)
    firsts = [line.split("(")[1].split(")")[0] for line in lines if line.startswith("[round") and "cpu_sum/serial" in line]
    assert firsts[0::2] == ["fake", "fake again", "fake"]                 # who goes first rotates round by round


def test_ctrl_c_keeps_what_was_measured_and_says_so_in_one_line(tmp_path):
    """SIGINT to scripts/bench's process group, as a terminal sends it, part-way through a round."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from conftest import SCRIPTS

    data = {"context": {"host_name": "fake"}, "benchmarks": [one_entry(name) for name in NAMES]}
    (tmp_path / "data.json").write_text(json.dumps(data))
    fake_concbench(tmp_path, f'cp {tmp_path / "data.json"} "$out"\nsleep 0.3\n')
    command = [sys.executable, str(SCRIPTS / "run_suite.py"), "--bin", str(tmp_path), "--no-store", "--probe-seconds",
               "0.1", "--out", str(tmp_path / "out")]
    bench = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    seen = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:          # until the second process of round 1 has reported
        line = bench.stderr.readline()
        seen.append(line)
        if line.startswith("[round 1 2/"):
            break
    os.killpg(bench.pid, signal.SIGINT)
    out, rest = bench.communicate(timeout=60)
    err = "".join(seen) + rest
    assert bench.returncode == 130
    assert "Traceback" not in err and "Traceback" not in out
    last = err.strip().splitlines()[-1]
    assert last.startswith("bench: interrupted: kept ") and str(tmp_path / "out" / "results.json") in last
    written = json.loads((tmp_path / "out" / "results.json").read_text())
    assert written["context"]["concbench_method"]["complete"] is False and written["benchmarks"]


def test_every_family_calibrates_in_round_one_and_later_rounds_fix_every_benchmark(tmp_path):
    # A family without an entry in the iterations file would run at Google Benchmark's default
    # time (0.5 s a value, five times the quick suite's): round 1 must calibrate every family.
    data = {"context": {"host_name": "fake"}, "benchmarks": [one_entry(name) for name in NAMES]}
    (tmp_path / "data.json").write_text(json.dumps(data))
    calls = tmp_path / "calls.txt"
    config = fake_concbench(tmp_path, f'echo "$*" >> {calls}\ncp {tmp_path / "data.json"} "$out"\n')
    options = runner.Options(processes=2, summary_processes=2, max_processes=2, probe_seconds=0.1, seed=3)
    runner.run_suite([config], options, [tmp_path / "out"], say=lambda line: None)
    lines = [line for line in calls.read_text().splitlines() if "--benchmark_filter=" in line]
    families = len(runner.group_families(NAMES))
    first, second = lines[:families], lines[families:]
    assert all("--benchmark_min_time=" in line and "--iterations=" not in line for line in first)
    assert len(second) == families and all("--iterations=" in line for line in second)


def test_what_concbench_leaves_out_is_said_once_and_kept_in_the_method(tmp_path):
    data = {"context": {"host_name": "fake"}, "benchmarks": [one_entry(name) for name in NAMES]}
    (tmp_path / "data.json").write_text(json.dumps(data))
    config = fake_concbench(tmp_path, f'cp {tmp_path / "data.json"} "$out"\n')
    script = tmp_path / "concbench"
    why = "skipping array_sum/bytes:1073741824: needs 1024 MiB, and 900 MiB of memory are available (3/4 may be used)"
    script.write_text(script.read_text().replace("--benchmark_list_tests=true)",
                                                 f"--benchmark_list_tests=true) echo 'concbench: {why}' >&2;"))
    lines = []
    options = runner.Options(processes=1, summary_processes=1, max_processes=1, probe_seconds=0.1, seed=1)
    [path] = runner.run_suite([config], options, [tmp_path / "out"], say=lines.append)
    assert lines.count(f"bench: {why}") == 1
    assert json.loads(path.read_text())["context"]["concbench_method"]["skipped"] == [why]


def test_a_configuration_runs_only_the_benchmarks_it_has(tmp_path):
    """On one CPU a parallel model's workers:1 is its workers:all, so `--ab cpus=0` lists fewer
    cases than the machine's two CPUs: B runs only its own, and the rest are "only in A", not
    failures (they were 17 failed benchmarks before)."""
    data = {"context": {"host_name": "fake"}, "benchmarks": [one_entry(name) for name in NAMES]}
    (tmp_path / "data.json").write_text(json.dumps(data))
    base = fake_concbench(tmp_path, f'cp {tmp_path / "data.json"} "$out"\n')
    (tmp_path / "b").mkdir()
    fewer = [name for name in NAMES if "workers:2" not in name]
    other = fake_concbench(tmp_path / "b", f'cp {tmp_path / "data.json"} "$out"\n', names=fewer)
    other = runner.Config("one CPU", bin_dir=other.bin_dir)
    options = runner.Options(processes=2, summary_processes=2, max_processes=2, probe_seconds=0.1, seed=1)
    a, b = runner.run_suite([base, other], options, [tmp_path / "a", tmp_path / "b-out"], say=lambda line: None)
    first, second = load_run(a), load_run(b)
    assert not [bench for bench in second.benchmarks.values() if not bench.ok]
    assert set(second.benchmarks) == set(fewer) and set(first.benchmarks) == set(NAMES)
    comparison = compare_runs(first, second)
    assert [b.name for b in comparison.only_in_baseline] == ["cpu_sum/tbb/n:1000/workers:2/real_time"]
    assert not comparison.failed
