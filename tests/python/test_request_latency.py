"""Per-request latency: representative cases, open-loop sweeps and saturation points, checked against
the values written in fixtures/latency_open_loop.json (three processes per entry, scattered by
0.98, 1.00 and 1.02, so each median is the nominal value).

The latency sweep runs at delay 10 ms (threshold 20 ms), concurrency 100, 1,000 to 8,000 requests/s:
async stays below at every rate; threads is below up to 4,000 and at 8,000 its p99 is 95 ms, 18 ms in
the first quarter and 160 ms in the last; pool is below up to 2,000 and at 4,000 is 26 ms, 25 ms and
27 ms (over, but flat); py_asyncio is over (24 ms) already at 1,000.
"""

import pytest

from concbench import request_latency
from concbench.analysis import Analysis
from concbench.charts.style import Styles
from concbench.report.requests import offered_load_chart, offered_load_panels, percentile_chart, percentile_panels
from conftest import FIXTURES
from concbench.load import load_run, run_from_json


@pytest.fixture(scope="module")
def run():
    return load_run(FIXTURES / "latency_open_loop.json")


def sweeps_by_model(run, workload):
    return {s.model: s for s in request_latency.sweeps(run, workload)}


def test_a_sweep_is_one_model_at_one_delay_and_concurrency_whatever_the_request_count(run):
    latency = sweeps_by_model(run, "latency")
    assert set(latency) == {"async", "threads", "pool", "py_asyncio"}
    threads = latency["threads"]
    assert threads.config == (("delay_ms", 10), ("concurrency", 100))
    assert [p.rate for p in threads.points] == [1000, 2000, 4000, 8000]
    assert [p.bench.arg("requests") for p in threads.points] == [1000, 2000, 4000, 8000]
    assert threads.threshold_s == pytest.approx(0.020)
    assert [p.p99_s for p in threads.points] == pytest.approx([0.011, 0.0125, 0.016, 0.095])


def test_saturation_point_of_a_known_sweep(run):
    latency = sweeps_by_model(run, "latency")
    threads = latency["threads"].saturation
    assert (threads.kind, threads.rate, threads.first_above.rate) == ("reached", 4000, 8000)
    assert threads.text() == "4,000"
    assert latency["pool"].saturation.rate == 2000
    assert latency["async"].saturation.text() == "≥ 8,000 (not reached)"
    assert latency["async"].saturation.first_above is None
    assert latency["py_asyncio"].saturation.text() == "< 1,000 (the lowest rate)"
    assert latency["py_asyncio"].saturation.first_above.rate == 1000
    assert sweeps_by_model(run, "http")["threads"].saturation.rate == 400     # delay 100 ms: threshold 200 ms


def test_the_queue_grows_with_time_above_saturation(run):
    text = request_latency.sweep_findings(sweeps_by_model(run, "latency")["threads"])
    assert ("p99 grew from 18.0 ms in the first quarter of the schedule to 160 ms in the last: the queue grows "
            "with time") in text
    assert text.startswith("First over the threshold at 8,000 requests/s offered (p99 95.0 ms, threshold 20.0 ms)")
    assert "completed 6,080 requests/s of 8,000 offered (76%)" in text


def test_over_the_threshold_but_flat(run):
    text = request_latency.sweep_findings(sweeps_by_model(run, "latency")["pool"])
    assert "4,000 requests/s" in text and "over the threshold but flat" in text
    assert "25.0 ms in the first quarter of the schedule and 27.0 ms in the last" in text
    assert "grows with time" not in text and "completed" not in text          # 97-99% achieved: within 5%


def test_a_model_that_keeps_up_says_nothing_unless_its_rate_falls_short(run):
    assert request_latency.sweep_findings(sweeps_by_model(run, "latency")["async"]) is None
    # achieved_rate is the completions' spacing: a model that keeps up achieves what is offered
    assert request_latency.sweep_findings(sweeps_by_model(run, "http")["async"]) is None
    text = request_latency.sweep_findings(sweeps_by_model(run, "http")["threads"])
    assert text.endswith("completed 496 requests/s of 800 offered (62%).")


def edge_sweep(p99s, delay_ms=10):
    entries = []
    for rate, p99 in zip((100, 200, 400), p99s):
        name = f"latency/async/requests:{rate}/delay_ms:{delay_ms}/concurrency:10/rate:{rate}/real_time"
        entries.append({"name": name, "run_name": name, "run_type": "iteration", "iterations": 1,
                        "real_time": 1.0, "time_unit": "s", "latency_p99_s": p99, "offered_rate": rate})
    run = run_from_json({"context": {}, "benchmarks": entries}, "inline")
    [sweep] = request_latency.sweeps(run, "latency")
    return sweep


def test_saturation_stays_below_from_the_lowest_rate_on():
    # over at 200, below again at 400 (noise): the point is where p99 first leaves the threshold behind
    sweep = edge_sweep((0.011, 0.025, 0.015))
    assert (sweep.saturation.rate, sweep.saturation.first_above.rate) == (100, 200)
    assert edge_sweep((0.020, 0.011, 0.011)).saturation.kind == "below_lowest"   # at the threshold is not below
    assert edge_sweep((0.011, 0.011, 0.011), delay_ms=0).saturation.text() == "– (delay 0: no threshold)"
    text = request_latency.sweep_findings(edge_sweep((0.011, 0.025, 0.015)))
    assert "no first- and last-quarter p99 recorded" in text


def test_percentile_cases_most_models_and_most_in_flight(run):
    cases = request_latency.percentile_cases(run, "latency")
    assert [(c.why, dict(c.config)["concurrency"]) for c in cases] == [("most models", 100),
                                                                      ("most in flight", 10000)]
    most = cases[0]
    assert set(most.curves) == {"async", "threads", "pool", "py_asyncio"}
    assert [label for label, _, _ in most.curves["pool"]] == ["50%", "90%", "99%", "99.9%", "max"]
    assert [x for _, x, _ in most.curves["pool"]] == pytest.approx([0.30103, 1, 2, 3, 4], rel=1e-4)
    assert [s for _, _, s in most.curves["pool"]] == pytest.approx([0.0104, 0.0112, 0.0128, 0.0145, 0.015])
    assert most.delay_s == pytest.approx(0.010)
    assert set(cases[1].curves) == {"async", "callback", "fiber"}
    [pipeline] = request_latency.percentile_cases(run, "pipeline")
    assert dict(pipeline.config)["ack"] == 0 and set(pipeline.curves) == {"threads", "async", "py_threads"}
    assert pipeline.delay_s is None


def test_old_json_without_latency_counters_has_no_cases_and_no_sweeps():
    for name in ("machine_a.json", "machine_b.json"):
        run = load_run(FIXTURES / name)
        for workload in run.workloads():
            assert request_latency.percentile_cases(run, workload) == []
            assert request_latency.sweeps(run, workload) == []



def test_percentile_panels_have_one_line_per_model_on_the_nines_axis(run, tmp_path):
    analysis = Analysis(run)
    cases = request_latency.percentile_cases(run, "latency")
    cpp, python, in_flight = percentile_panels(analysis, "latency", cases)
    assert set(cpp.series) == {"async", "threads", "pool"} and set(python.series) == {"py_asyncio"}
    assert [p.x for p in cpp.series["threads"]] == pytest.approx([0.30103, 1, 2, 3, 4], rel=1e-4)   # nines
    assert [p.y for p in cpp.series["threads"]] == pytest.approx([10.3, 10.9, 12.0, 13.5, 14.0])     # ms
    assert [r.y for r in cpp.references] == [10.0]                                   # the delay: none is faster
    assert set(in_flight.series) >= {"async", "callback", "fiber"}
    assert percentile_chart(analysis, "latency", cases, Styles(run.catalog), tmp_path) == \
        "latency_latency_percentiles.png"
    assert (tmp_path / "latency_latency_percentiles.png").read_bytes().startswith(b"\x89PNG")


def test_offered_load_panels_draw_p99_per_model_and_the_threshold(run, tmp_path):
    [panel] = offered_load_panels(request_latency.sweeps(run, "latency"))
    assert [r.y for r in panel.references] == [20.0]                                 # 2 × the delay, in ms
    assert set(panel.series) == {"async", "threads", "pool", "py_asyncio"}
    assert [p.x for p in panel.series["threads"]] == [1000, 2000, 4000, 8000]
    assert [p.y for p in panel.series["threads"]] == pytest.approx([11.0, 12.5, 16.0, 95.0])
    assert request_latency.sweeps(run, "mixed") == []                                # no open loop there
    analysis = Analysis(run)
    assert offered_load_chart(analysis, "latency", request_latency.sweeps(run, "latency"), Styles(run.catalog),
                              tmp_path) == "latency_p99_vs_offered_load.png"


def test_a_sweep_that_goes_back_under_the_threshold_is_in_doubt():
    sweep = edge_sweep([0.031, 0.012, 0.013])  # over at 100/s, under at 200 and 400: a stall, not load
    saturation = sweep.saturation
    assert saturation.kind == "below_lowest" and [p.rate for p in saturation.recovered] == [200, 400]
    assert saturation.text() == "< 100? (below again at 200)"
    text = request_latency.sweep_findings(sweep)
    assert "but back under it at 200 requests/s (p99 12.0 ms)" in text and "in doubt" in text
    monotonic = edge_sweep([0.011, 0.012, 0.031]).saturation
    assert monotonic.recovered == () and monotonic.text() == "200"
