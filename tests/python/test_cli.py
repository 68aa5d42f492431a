"""report.py and compare.py end to end: what they write, what they print, how they fail."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import compare
import report
from conftest import FIXTURES, SCRIPTS

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def run_script(script, *args, cwd=None):
    return subprocess.run([sys.executable, str(SCRIPTS / script), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def report_a(tmp_path_factory):
    output = tmp_path_factory.mktemp("report") / "vm-a"
    assert report.main([str(FIXTURES / "machine_a.json"), str(FIXTURES / "machine_a_part2.json"),
                        "-o", str(output)]) == 0
    return output


def test_report_writes_markdown_html_and_charts(report_a, capsys):
    pngs = sorted(p.name for p in report_a.glob("*.png"))
    assert {"cpu_sum_speedup.png", "cpu_sum_time.png", "seed_jobs_time.png", "latency_memory.png",
            "http_throughput.png", "grain_time.png", "spawn_time.png"} <= set(pngs)
    for png in report_a.glob("*.png"):
        assert png.read_bytes().startswith(PNG_SIGNATURE)
    markdown = (report_a / "report.md").read_text()
    assert sorted(re.findall(r"\]\(([^)]+\.png)\)", markdown)) == pngs      # every chart shown, none missing
    html = (report_a / "index.html").read_text()
    assert html.count("data:image/png;base64,") == len(pngs)
    assert not re.search(r'src="(?!data:)', html)                               # opens offline
    assert not list(report_a.parent.glob(".vm-a.*"))                            # no staging directory left


def test_report_content(report_a):
    markdown = (report_a / "report.md").read_text()
    assert markdown.index("## Summary") < markdown.index("## Machine")          # headline first
    # merged part 2 makes tbb 500 ms at n=2e8, workers=2: speedup 2.00, efficiency 100%, and
    # openmp's interval overlaps it: a tie, not a win
    assert ("| `cpu_sum` | **tbb** (tied with openmp) | 500 ms (496–505) | 2.00× (1.97–2.03) | 100% (99–101) | "
            "n=200000000, workers=2 | openmp (505 ms) |") in markdown
    assert "| `latency` | **callback** (tied with async) | 11.0 ms (10.9–11.2) | 90.9× (89.6–92.0) | 91% (90–92) |" in markdown
    for workload in ("cpu_sum", "seed_jobs", "latency", "http"):
        assert f"## `{workload}`" in markdown
    # grain and spawn entries without the overhead counters keep their times under Overheads
    assert "### Start-up overhead (`spawn`)" in markdown and "### Break-even grain (`grain`)" in markdown
    assert "The `grain` entries carry no `efficiency` and `grain_s` counters" in markdown
    assert "`spawn`, `grain` measure what a model costs" in markdown            # not in the speedup summary
    assert "| `grain` |" not in markdown
    assert "Library was built as DEBUG" in markdown
    assert "| Caches | L1 Data 32 KiB (x2)" in markdown
    assert "| async | requests=1000 delay_ms=10 concurrency=100 | 103 ms (102–105) |" in markdown
    assert "9,709 | 9,600 |" in markdown                                        # client beside wrk


def test_report_shows_failures_and_warnings(tmp_path):
    assert report.main([str(FIXTURES / "machine_b.json"), "-o", str(tmp_path / "b")]) == 0
    markdown = (tmp_path / "b" / "report.md").read_text()
    assert "## Failed benchmarks" in markdown
    assert "result mismatch: got 1234, expected 1300" in markdown
    assert "scaling was enabled" in markdown
    assert "Load average 6.20 on 16 CPUs" in markdown


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
    assert sorted(p.name for p in output.iterdir()) == ["cpu_sum_speedup.png", "index.html", "report.md",
                                                          "results.json"]
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


def test_compare_writes_report_and_prints_summary(tmp_path, capsys):
    output = tmp_path / "cmp"
    assert compare.main([str(FIXTURES / "machine_a.json"), str(FIXTURES / "machine_b.json"), "-o", str(output)]) == 0
    console = capsys.readouterr().out
    assert "ryzen-b vs vm-a: 33 benchmarks in common" in console
    assert "faster 22, slower 1, same 9, unclear 1, n/a 0 (noise threshold ±5%)" in console
    assert console.strip().endswith(str(output / "index.html"))
    markdown = (output / "report.md").read_text()
    assert "| **CPU** | Intel(R) Xeon(R) Processor @ 2.50GHz (2500 MHz) | AMD Ryzen 7 5800X" in markdown
    assert "| `grain` | 3 | 0.500 | 3 | 0 | 0 | 0 |" in markdown
    assert "| process | scale=100 workers=2 | 1.18 s | 1.53 s | 1.300 | 1.277 – 1.324 | **slower** |" in markdown
    assert "failed: result mismatch" in markdown
    assert (output / "ratios_1.png").read_bytes().startswith(PNG_SIGNATURE)
    assert "data:image/png;base64," in (output / "index.html").read_text()


def test_compare_labels_and_three_runs(tmp_path, capsys):
    runs = [str(FIXTURES / n) for n in ("machine_a.json", "machine_b.json", "machine_a_norep.json")]
    assert compare.main(runs + ["-o", str(tmp_path / "three"), "--labels", "vm,desktop,vm-1rep"]) == 0
    console = capsys.readouterr().out
    assert "desktop vs vm:" in console and "vm-1rep vs vm:" in console
    assert {p.name for p in (tmp_path / "three").glob("*.png")} == {"ratios_1.png", "ratios_2.png"}
    assert compare.main(runs + ["-o", str(tmp_path / "bad"), "--labels", "only,two"]) == 2
    assert "--labels gives 2 label(s) for 3 runs" in capsys.readouterr().err
    assert not (tmp_path / "bad").exists()


def test_compare_says_when_too_few_processes_allow_no_verdict(tmp_path, capsys):
    norep = FIXTURES / "machine_a_norep.json"     # one value per benchmark
    assert compare.main([str(norep), str(norep), "-o", str(tmp_path / "c"), "--labels", "x,y"]) == 0
    assert "fewer than 3 processes on a side" in capsys.readouterr().out
    assert "fewer than 3 processes on a side" in (tmp_path / "c" / "report.md").read_text()


SAMPLE_RESULTS = SCRIPTS.parent / "reports" / "samples" / "vm-quick" / "results.json"


def test_report_shows_latency_percentiles_and_saturation_points(tmp_path):
    output = tmp_path / "latency"
    assert report.main([str(FIXTURES / "latency_open_loop.json"), "-o", str(output)]) == 0
    markdown = (output / "report.md").read_text()
    pngs = {p.name for p in output.glob("*.png")}
    assert {"latency_latency_percentiles.png", "http_latency_percentiles.png", "mixed_latency_percentiles.png",
            "pipeline_latency_percentiles.png", "latency_p99_vs_offered_load.png",
            "http_p99_vs_offered_load.png"} <= pngs
    assert sorted(re.findall(r"\]\(([^)]+\.png)\)", markdown)) == sorted(pngs)
    assert (output / "index.html").read_text().count("data:image/png;base64,") == len(pngs)
    assert markdown.count("**Latency per request, by percentile**") == 3 and "**Latency per item" in markdown
    assert markdown.count("### Open loop: latency under offered load") == 2
    assert ("| threads | delay_ms=10, concurrency=100 | 1,000, 2,000, 4,000, 8,000 | 4,000 | 16.0 ms | 8,000 | "
            "95.0 ms (18.0 ms → 160 ms) |") in markdown
    assert "| async | delay_ms=10, concurrency=100 | 1,000, 2,000, 4,000, 8,000 | ≥ 8,000 (not reached) |" in markdown
    assert "| < 1,000 (the lowest rate) | – | 1,000 |" in markdown
    assert ("- **threads** (delay_ms=10, concurrency=100): First over the threshold at 8,000 requests/s offered "
            "(p99 95.0 ms, threshold 20.0 ms); p99 grew from 18.0 ms in the first quarter of the schedule to 160 ms "
            "in the last: the queue grows with time") in markdown
    # the closed-loop table keeps the open loop out and shows p50, p99 and max
    assert "| async | requests=100 delay_ms=10 concurrency=100 | 10.5 ms (10.3–10.7) |" in markdown
    assert "| 10.1 ms | 10.4 ms | 10.9 ms | 100 |" in markdown
    assert "| async | requests=8000 delay_ms=10 concurrency=100 rate=8000 |" not in markdown
    assert "| 1e+04 |" not in markdown and "| 10,000 |" in markdown                    # in_flight, a count
    summary = markdown[markdown.index("## Summary"):markdown.index("## How far")]
    assert "rate=" not in summary and "Open-loop entries (a `rate` argument) are not ranked" in summary


def without_latency(source: Path, tmp_path: Path) -> Path:
    """`source` as a concbench from before per-request latency wrote it: no open-loop entries and no
    latency or rate counters."""
    data = json.loads(source.read_text())
    dropped = ("latency_", "offered_rate", "achieved_rate")
    data["benchmarks"] = [{k: v for k, v in entry.items() if not k.startswith(dropped)}
                          for entry in data["benchmarks"] if "/rate:" not in entry["name"]]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data))
    return old


@pytest.mark.parametrize("source", [FIXTURES / "machine_a.json", SAMPLE_RESULTS])
def test_a_report_of_json_without_latency_counters_has_no_latency_sections(tmp_path, source):
    output = tmp_path / "old"
    assert report.main([str(without_latency(source, tmp_path)), "-o", str(output)]) == 0
    markdown = (output / "report.md").read_text()
    assert "by percentile" not in markdown and "Open loop" not in markdown and "Latency p50" not in markdown
    assert "not ranked" not in markdown
    assert not list(output.glob("*_latency_percentiles.png")) and not list(output.glob("*_offered_load.png"))


def test_compare_shows_p99_at_the_shared_cases(tmp_path, capsys):
    import json

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
    markdown = (tmp_path / "cmp" / "report.md").read_text()
    assert ("**p99 latency** at the 42 cases both runs measured it: fixture-b has 1.134× the p99 of "
            "fixture-vm") in markdown
    assert ("| `latency` | threads | requests=8000 delay_ms=10 concurrency=100 rate=8000 | 95.0 ms | 142 ms | 1.500 |"
            in markdown)
