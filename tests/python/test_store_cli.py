"""scripts/store from the shell: import, list, export, one line with exit 2 for bad input, and
passwords kept off the command line and out of messages.

Most tests call the script's main() in this process (a process start costs a second of imports);
the first runs the executable itself."""

import importlib.machinery
import importlib.util
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from concbench.store.connection import has_password, masked, to_url
from concbench.store.errors import StoreError

REPOSITORY = Path(__file__).resolve().parents[2]
STORE = REPOSITORY / "scripts" / "store"
SAMPLE = REPOSITORY / "reports/samples/vm-quick/results.json"


def load_script():
    loader = importlib.machinery.SourceFileLoader("store_cli", str(STORE))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("store_cli", loader))
    loader.exec_module(module)
    return module


CLI = load_script()


@pytest.fixture
def location(tmp_path):
    return tmp_path / "results.sqlite"


@pytest.fixture
def run(location, monkeypatch, capsys):
    def run_store(*args, stdin=None, **env):
        monkeypatch.setenv("CONCBENCH_STORE", str(location))
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin or ""))
        returncode = CLI.main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return SimpleNamespace(returncode=returncode, stdout=captured.out, stderr=captured.err)
    return run_store


def test_the_executable_imports_and_exports(location, tmp_path, fixture_path):
    environment = {**os.environ, "CONCBENCH_STORE": str(location)}
    run = lambda *args: subprocess.run([str(STORE), *map(str, args)], capture_output=True, text=True,
                                       env=environment, timeout=120)
    imported = run("import", fixture_path("store/small_run.json"))
    assert imported.returncode == 0 and imported.stdout.startswith("run 1: stored"), imported.stderr
    exported = run("export", "1", "-o", tmp_path / "out.json")
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "out.json").read_text() == fixture_path("store/small_run.json").read_text()
    failed = run("export", "nosuch")
    assert failed.returncode == 2 and failed.stderr.count("\n") == 1


def one_line_error(result, *fragments):
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("store: ") and result.stderr.count("\n") == 1, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr
    return result.stderr


def test_import_list_export_round_trip(run, fixture_path, tmp_path):
    imported = run("import", SAMPLE, fixture_path("machine_b.json"))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.splitlines() == [
        f"run 1: stored {SAMPLE} (vm, 283 benchmarks, 849 values)",
        f"run 2: stored {fixture_path('machine_b.json')} (ryzen-b, 47 benchmarks, 419 values)"]
    again = run("import", SAMPLE)
    assert again.returncode == 0 and again.stdout == f"run 1: {SAMPLE} is already stored; nothing added\n"
    listing = [line.split() for line in run("list").stdout.splitlines()]
    assert listing[2] == ["machine", "id", "cpu", "cores/threads", "RAM", "runs", "first", "last"]
    assert ["run", "machine", "measured", "(UTC)", "commit", "suite", "benchmarks", "values", "cpus",
            "source"] in listing
    assert ["1", "vm", "2026-12-01T22:59:11Z", "843f955", "quick", "283", "849", "all", "(2)", str(SAMPLE)] in listing
    exported = run("export", "vm", "-o", tmp_path / "vm.json")
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "vm.json").read_bytes() == SAMPLE.read_bytes()


def test_import_from_standard_input_and_export_to_standard_output(run, fixture_path):
    text = fixture_path("store/small_run.json").read_text()
    assert run("import", "-", stdin=text).stdout.startswith("run 1: stored standard input (vm,")
    assert run("export", "latest").stdout == text + "\n"


def test_list_takes_a_selector(run, fixture_path):
    run("import", fixture_path("machine_a.json"), fixture_path("machine_b.json"))
    lines = run("list", "ryzen-b@all").stdout.splitlines()
    assert any(line.startswith("ryzen-b ") for line in lines) and not any(line.startswith("vm-a ") for line in lines)


@pytest.mark.parametrize("name, message", [
    ("truncated.json", "truncated.json: not valid JSON, truncated? (unterminated string"),
    ("not_benchmark.json", "not_benchmark.json: not Google Benchmark JSON"),
    ("no_such.json", "no_such.json: no such file"),
])
def test_bad_files_are_one_line_and_store_nothing(run, fixture_path, location, name, message):
    result = run("import", fixture_path("store/small_run.json"), fixture_path(name))
    one_line_error(result, message)
    with sqlite3.connect(location) as conn:
        assert conn.execute("SELECT count(*) FROM runs").fetchone()[0] == 0


def test_selectors_that_match_nothing_exit_2(run, fixture_path, location):
    one_line_error(run("list"), str(location), "no concbench store here yet")
    run("import", fixture_path("store/small_run.json"), fixture_path("machine_a.json"))
    one_line_error(run("export", "ryzen"), "no machine named 'ryzen' (machines: vm, vm-a)")
    one_line_error(run("export", "vm@2"), "no run matches 'vm@2'")
    one_line_error(run("export", "latest@all", "-o", "x.json"), "names 2 runs; export writes one")
    one_line_error(run("export", "vm@zero"), "after @ comes N")


def test_a_future_schema_is_one_line_and_stays_untouched(run, fixture_path, location):
    run("import", fixture_path("store/small_run.json"))
    with sqlite3.connect(location) as conn:
        conn.execute("UPDATE schema_version SET version = 99")
    one_line_error(run("import", fixture_path("machine_a.json")), "schema version 99 is newer than")
    one_line_error(run("list"), "update concbench")
    with sqlite3.connect(location) as conn:
        assert conn.execute("SELECT count(*) FROM runs").fetchone()[0] == 1


def test_a_password_on_the_command_line_is_refused_unseen(run):
    result = run("--store", "postgresql://bench:hunter2@db.lan/concbench", "list")
    error = one_line_error(result, "PGPASSWORD, ~/.pgpass or the CONCBENCH_STORE environment variable")
    assert "hunter2" not in error + result.stdout


def test_a_store_url_in_the_environment_is_shown_masked(run):
    result = run("list", CONCBENCH_STORE="postgresql://bench:hunter2@127.0.0.1:1/concbench")
    error = one_line_error(result, "postgresql://bench:***@127.0.0.1:1/concbench")
    assert "hunter2" not in error


@pytest.mark.parametrize("location, secret", [
    ("postgresql://bench:s3cret@db.lan/concbench", True),
    ("postgres://bench:s3cret@db.lan/concbench", True),
    ("postgresql://bench@/concbench?host=/run/postgresql&password=s3cret", True),
    ("postgresql://bench@db.lan/concbench", False),
    ("/home/me/results.sqlite", False),
])
def test_passwords_are_found_and_never_shown(location, secret):
    assert has_password(location) is secret
    assert "s3cret" not in masked(location)
    assert "s3cret" not in masked(to_url(location))


def test_paths_become_absolute_sqlite_urls_and_other_engines_are_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = to_url("results.sqlite")
    assert url.get_backend_name() == "sqlite" and url.database == str(tmp_path / "results.sqlite")
    with pytest.raises(StoreError, match="SQLite path or a postgresql:// URL"):
        to_url("mysql://me@db/x")
