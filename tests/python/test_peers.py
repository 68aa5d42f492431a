"""C++ against the course's Python programs: the report's comparison on a small made-up run."""

import pytest

from concbench import peers
from concbench.charts.style import Styles
from concbench.load import run_from_json


def entries(name, seconds, processes=(0, 1, 2, 3)):
    """One value per process of `seconds` (a list: one each), Google Benchmark's way."""
    times = seconds if isinstance(seconds, list) else [seconds] * len(processes)
    return [{"name": name, "run_name": name, "run_type": "iteration", "iterations": 1, "real_time": t * 1e3,
             "cpu_time": t * 1e3, "time_unit": "ms", "concbench_process": p} for t, p in zip(times, processes)]


def run_of(**benchmarks):
    data = {"context": {"physical_cores": "2", "usable_cpus": "2"}, "benchmarks": []}
    for name, seconds in benchmarks.items():
        data["benchmarks"] += entries(name, seconds)
    return run_from_json(data, "made up")


JOBS = "seed_jobs/{}/scale:1/workers:{}/real_time"
CRAWL = "http/{}/requests:500/delay_ms:100/concurrency:{}/real_time"
RUN = run_of(**{JOBS.format("tbb", 2): 0.011, JOBS.format("serial", 1): 0.020,
                JOBS.format("py_serial", 1): 4.0, JOBS.format("py_threads", 2): [4.1, 4.2, 4.0, 4.1],
                JOBS.format("py_process", 2): 2.2, JOBS.format("py_threads", 4): 4.3, JOBS.format("tbb", 4): 0.011,
                CRAWL.format("async", 100): 0.51, CRAWL.format("py_aiohttp", 100): 0.85, CRAWL.format("py_gevent", 100): 0.78,
                CRAWL.format("async", 500): 0.12})


def test_each_case_both_ran_pairs_the_fastest_of_each():
    rows = {(r.workload, r.case): r for r in peers.cpp_vs_python(RUN)}
    assert set(rows) == {("seed_jobs", "scale=1, workers=1"), ("seed_jobs", "scale=1, workers=2"),
                         ("http", "requests=500, delay_ms=100, concurrency=100")}
    assert (rows[("seed_jobs", "scale=1, workers=1")].cpp.model, rows[("seed_jobs", "scale=1, workers=1")].python.model) \
        == ("serial", "py_serial")
    jobs = rows[("seed_jobs", "scale=1, workers=2")]
    assert (jobs.cpp.model, jobs.python.model) == ("tbb", "py_process")
    assert jobs.slower.value == pytest.approx(2.2 / 0.011)
    crawl = rows[("http", "requests=500, delay_ms=100, concurrency=100")]
    assert crawl.python.model == "py_gevent" and crawl.slower.value == pytest.approx(0.78 / 0.51)


def test_the_books_figures_are_attached_to_their_cases_only():
    rows = {r.workload: r for r in peers.cpp_vs_python(RUN)}       # one per workload is enough here
    assert [f.seconds for f in rows["seed_jobs"].book] == [(4.53,)]
    assert "the book's" in rows["http"].book[0].text() and "651 ms" in rows["http"].book[0].text()


def test_a_smaller_job_list_is_not_the_books():
    smaller = (("scale", 1), ("divisor", 10), ("workers", 1))
    assert peers.book_figures("seed_jobs", smaller) == ()
    assert peers.book_figures("seed_jobs", (("scale", 1), ("workers", 2))) != ()


def test_more_workers_than_cores_are_not_compared():
    assert all(dict(r.config).get("workers", 1) <= 2 for r in peers.cpp_vs_python(RUN))


def test_python_speedups_are_over_py_serial_and_show_the_gil():
    speedups = {s.bench.label: s.speedup.value for s in peers.python_speedups(RUN)}
    assert speedups["seed_jobs/py_threads/scale:1/workers:2"] == pytest.approx(4.0 / 4.1, rel=0.02)
    assert speedups["seed_jobs/py_process/scale:1/workers:2"] == pytest.approx(4.0 / 2.2)
    assert not any("http" in label for label in speedups)       # latency-like: no serial Python baseline


def test_python_models_are_drawn_hollow_in_their_counterparts_colour():
    styles = Styles(RUN.catalog, "seed_jobs", {b.model for b in RUN.all("seed_jobs")})
    assert styles.color("py_threads") == styles.color(RUN.catalog.model("seed_jobs", "py_threads").counterpart)
    assert styles.bar("py_threads")["facecolor"] == "white"
    assert styles.line("py_asyncio")["markerfacecolor"] == "white"
    assert "markerfacecolor" not in styles.line("async")
    assert styles.order(["py_threads", "tbb", "serial", "py_serial"]) == ["serial", "tbb", "py_serial", "py_threads"]
