"""report.py and compare.py as commands: what they print, where they write, how they fail."""

import json
import re
import subprocess
import sys

import pytest

import compare
import report
from conftest import FIXTURES, SCRIPTS

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def run_script(script, *args, cwd=None):
    return subprocess.run([sys.executable, str(SCRIPTS / script), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_report_into_a_directory_keeps_other_files_and_replaces_the_old_report(tmp_path, capsys):
    # scripts/bench writes results.json into the directory it then asks for the report in
    output = tmp_path / "out"
    output.mkdir()
    results_json = output / "results.json"
    results_json.write_bytes((FIXTURES / "machine_a_norep.json").read_bytes())
    (output / "report.md").write_text("old report\n\n![old chart](old_chart.png)\n")
    (output / "old_chart.png").write_bytes(PNG_SIGNATURE)
    assert report.main([str(results_json), "-o", str(output)]) == 0
    assert capsys.readouterr().out.strip() == str(output / "index.html")
    written = {p.name for p in output.iterdir()}
    assert {"index.html", "report.md", "results.json"} <= written and "old_chart.png" not in written
    assert results_json.read_bytes() == (FIXTURES / "machine_a_norep.json").read_bytes()
    assert not list(tmp_path.glob(".out.*"))


@pytest.mark.parametrize("script, inputs, message", [
    ("report.py", ["missing.json"], "no such file"),
    ("report.py", ["truncated.json"], "not valid JSON"),
    ("report.py", ["not_benchmark.json"], "not Google Benchmark JSON"),
    ("report.py", ["machine_a.json", "truncated.json"], "truncated.json"),
    ("compare.py", ["machine_a.json", "pipeline_only.json"], "no benchmark in common"),
    ("compare.py", ["machine_a.json", "not_benchmark.json"], "not Google Benchmark JSON"),
])
def test_bad_input_one_line_exit_2_nothing_written(tmp_path, script, inputs, message):
    result = run_script(script, *[FIXTURES / name for name in inputs], "-o", tmp_path / "out")
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_scripts_run_from_any_directory(tmp_path):
    result = run_script("report.py", FIXTURES / "machine_a_norep.json", "-o", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "out" / "index.html")


def table_csv(directory, name):
    import csv
    [path] = list(directory.glob(f"table-*-{name}.csv"))
    with open(path, newline="") as data:
        return list(csv.reader(data))


def test_compare_writes_report_and_prints_summary(tmp_path, capsys):
    output = tmp_path / "cmp"
    assert compare.main([str(FIXTURES / "machine_a.json"), str(FIXTURES / "machine_b.json"), "-o", str(output)]) == 0
    console = capsys.readouterr().out
    assert re.search(r"ryzen-b vs vm-a: 33 benchmarks in common", console)
    assert "faster 22, slower 1, same 9, within 1, n/a 0" in console
    assert console.strip().endswith(str(output / "index.html"))
    systems = {row[0]: row[1:] for row in table_csv(output, "systems")[1:]}
    assert systems["CPU"] == ["Intel(R) Xeon(R) Processor @ 2.50GHz (2500 MHz)", "AMD Ryzen 7 5800X 8-Core Processor (4850 MHz)"]
    overall = table_csv(output, "overall")
    assert overall[1][0] == "ryzen-b" and overall[1][4:9] == ["22", "1", "9", "1", "0"]
    details = table_csv(output, "ryzen-b-seed-jobs")
    process = next(r for r in details if r[0] == "process" and r[1] == "scale=100 workers=2")
    assert process[4:7] == ["1.300", "1.277 – 1.324", "slower"]
    assert ["cpu_sum/process/n:200000000/workers:2", "ryzen-b", "result mismatch: got 1234, expected 1300"] in \
        table_csv(output, "failed")
    assert {p.name for p in output.glob("*.png")} >= {"geomeans.png", "ratios_cpu_sum.png"}
    assert "data:image/png;base64," in (output / "index.html").read_text()


def test_compare_labels_three_runs_and_a_reference(tmp_path, capsys):
    runs = [str(FIXTURES / n) for n in ("machine_a.json", "machine_b.json", "machine_a_norep.json")]
    assert compare.main(runs + ["-o", str(tmp_path / "three"), "--labels", "vm,desktop,vm-1rep"]) == 0
    console = capsys.readouterr().out
    assert "desktop vs vm:" in console and "vm-1rep vs vm:" in console
    assert [row[0] for row in table_csv(tmp_path / "three", "overall")[1:]] == ["desktop", "vm-1rep"]
    assert compare.main(runs + ["-o", str(tmp_path / "ref"), "--labels", "vm,desktop,vm-1rep", "--reference", "desktop"]) == 0
    assert "vm vs desktop:" in capsys.readouterr().out
    assert compare.main(runs + ["-o", str(tmp_path / "bad"), "--labels", "only,two"]) == 2
    assert "--labels gives 2 label(s) for 3 runs" in capsys.readouterr().err
    assert not (tmp_path / "bad").exists()


def test_compare_says_when_too_few_processes_allow_no_verdict(tmp_path, capsys):
    norep = FIXTURES / "machine_a_norep.json"     # one value per benchmark
    assert compare.main([str(norep), str(norep), "-o", str(tmp_path / "c"), "--labels", "x,y"]) == 0
    assert "fewer than 3 processes on a side" in capsys.readouterr().out
    assert "fewer than 3 processes on a side" in (tmp_path / "c" / "report.md").read_text()


def test_compare_shows_p99_at_the_shared_cases(tmp_path, capsys):
    data = json.loads((FIXTURES / "latency_open_loop.json").read_text())
    data["context"].update(host_name="fixture-b", hostname="fixture-b")
    for entry in data["benchmarks"]:
        if "/threads/" in entry["name"]:
            entry.update({k: v * 1.5 for k, v in entry.items() if k.startswith("latency_")})
    (tmp_path / "b.json").write_text(json.dumps(data))
    assert compare.main([str(FIXTURES / "latency_open_loop.json"), str(tmp_path / "b.json"),
                         "-o", str(tmp_path / "cmp")]) == 0
    console = capsys.readouterr().out
    assert "20 benchmarks in common" in console
    assert "p99 latency at 42 cases: geometric mean ratio 1.134 (22 open-loop cases compared by p99 only)" in console
    p99 = table_csv(tmp_path / "cmp", "fixture-b-p99")
    sweep = next(r for r in p99 if r[1] == "threads" and r[2] == "requests=8000 delay_ms=10 concurrency=100 rate=8000")
    assert sweep[3:6] == ["95.0 ms", "142 ms", "1.500"]
