"""The fleet playbook for real, on this machine: two "hosts" on Ansible's local connection, each with
its own work directory, lock and CPU set, end to end into a store and a comparison — and again with
one host's suite killed mid-run, which must still give the other's report and name the failure.

A short filtered suite on a build already made (concbench_bin), so that this fits in ctest; the
full run, building on each host, is a command in docs/fleet.md.
"""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("CONCBENCH_BIN", REPOSITORY / "build/release/bin/concbench")).parent

pytestmark = pytest.mark.skipif(shutil.which("ansible-playbook") is None or not (BIN / "concbench").exists(),
                                reason="needs ansible (scripts/setup --extra fleet) and a built concbench")


def inventory(tmp_path, bench_args="--filter '^cpu_sum/(serial|tbb)/n:100000000/' --processes 3 "
                                   "--summary-processes 3 --max-processes 3 --probe-seconds 0.2") -> Path:
    hosts = {}
    for name, cpus in (("host-a", "0"), ("host-b", "1")):
        hosts[name] = {"ansible_connection": "local", "ansible_python_interpreter": "/usr/bin/python3",
                       "concbench_dir": str(tmp_path / name), "concbench_lock": str(tmp_path / f"{name}.lock"),
                       "concbench_bin": str(BIN), "concbench_bench_args": f"{bench_args} --cpus {cpus}",
                       "concbench_suite_timeout": 300, "concbench_lock_wait": 60}
    path = tmp_path / "inventory.json"
    path.write_text(json.dumps({"concbench": {"hosts": hosts}}))
    return path


def fleet(tmp_path, inv):
    return subprocess.Popen([str(REPOSITORY / "scripts/fleet"), str(inv), "-o", str(tmp_path / "out"),
                             "--store", str(tmp_path / "fleet.sqlite")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)


def test_two_local_hosts_end_to_end_into_a_store_and_a_comparison(tmp_path):
    done = fleet(tmp_path, inventory(tmp_path))
    out, _ = done.communicate(timeout=900)
    assert done.returncode == 0, out[-3000:]
    assert "fleet: 2 host(s) finished, 0 failed" in out
    assert (tmp_path / "out/comparison/index.html").exists()
    with sqlite3.connect(tmp_path / "fleet.sqlite") as db:
        assert db.execute("SELECT count(*) FROM runs").fetchone()[0] == 2
    pinned = [json.loads((tmp_path / f"out/runs/{h}/results.json").read_text())["context"]["concbench_cpus"]
              for h in ("host-a", "host-b")]
    assert pinned == ["0", "1"]                                   # each host on its own CPU set


def test_a_host_killed_mid_run_is_named_and_the_other_still_reported(tmp_path):
    inv = inventory(tmp_path, bench_args="--filter '^cpu_sum/(serial|tbb|threads)/' --processes 5 "
                                         "--summary-processes 5 --max-processes 5 --probe-seconds 0.2")
    done = fleet(tmp_path, inv)
    pid_file = tmp_path / "host-a" / "suite.pid"
    deadline = time.monotonic() + 600
    while not pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(3)                                                 # mid-run
    os.kill(int(pid_file.read_text()), signal.SIGTERM)
    out, _ = done.communicate(timeout=900)
    assert "fleet: 1 host(s) finished, 1 failed" in out, out[-3000:]
    assert "host-a: Run the suite" in (tmp_path / "out/fleet.md").read_text()
    assert (tmp_path / "out/report/index.html").exists()
