"""The Overheads section: start-up overhead, break-even grain, memory and switch cost per model,
checked against the numbers written in fixtures/overheads.json (3 repetitions each)."""

import math

import pytest

from concbench import overheads
from conftest import FIXTURES
from concbench.load import load_run


@pytest.fixture(scope="module")
def run():
    return load_run(FIXTURES / "overheads.json")


def log_interpolation(g1, e1, g2, e2, threshold=0.9):
    return math.exp(math.log(g1) + (threshold - e1) / (e2 - e1) * (math.log(g2) - math.log(g1)))


@pytest.mark.parametrize("points, kind, grain", [
    ([(1e-6, 0.5), (1e-5, 0.8), (1e-4, 0.95), (1e-3, 0.97)], "interpolated", log_interpolation(1e-5, 0.8, 1e-4, 0.95)),
    ([(1e-3, 0.93), (1e-6, 0.2), (1e-5, 0.92), (1e-4, 0.85)], "interpolated",      # dips below 0.9 at 1e-4
     log_interpolation(1e-4, 0.85, 1e-3, 0.93)),
    ([(1e-6, 0.92), (1e-5, 0.95)], "at_smallest", 1e-6),
    ([(1e-6, 0.9), (1e-5, 0.95)], "at_smallest", 1e-6),                             # 0.9 itself passes
    ([(1e-6, 0.01), (1e-5, 0.7), (1e-4, 0.5)], "not_reached", None),
])
def test_break_even_grain(points, kind, grain):
    even = overheads.break_even_grain(points)
    assert even.kind == kind
    assert even.grain_s == (pytest.approx(grain) if grain else None)


def test_break_even_texts():
    assert overheads.break_even_grain([(1e-6, 0.92)]).text() == "≤ smallest grain (1.00 µs)"
    assert overheads.break_even_grain([(1e-6, 0.01), (1e-3, 0.7), (1e-2, 0.6)]).text() == \
        "not reached (best 70% at 1.00 ms)"
    assert overheads.break_even_grain([]) is None


def test_grain_curves_use_medians_over_repetitions(run):
    curves = overheads.grain_curves(run)
    assert sorted(curves) == ["async", "openmp", "pool", "tbb", "threads"]
    tbb = curves["tbb"]
    assert tbb.points == ((pytest.approx(1e-6), 0.5), (pytest.approx(1e-5), 0.8), (pytest.approx(1e-4), 0.95),
                          (pytest.approx(1e-3), 0.97))
    assert tbb.config == {"total": 10000000, "workers": 2}
    assert tbb.break_even.grain_s == pytest.approx(1e-5 * 10 ** (2 / 3))          # 46.4 µs
    assert curves["pool"].break_even.grain_s == pytest.approx(1e-4 * 10 ** 0.625)  # after the dip
    assert curves["openmp"].break_even.kind == "at_smallest"
    assert curves["threads"].break_even.kind == "not_reached"
    assert tbb.task_overhead_s == pytest.approx(1e-6)                  # 1 µs x (1/0.5 - 1)
    assert tbb.ten_percent_grain_s == pytest.approx(9e-6)
    assert curves["openmp"].task_overhead_s == pytest.approx(1e-6 * (1 / 0.92 - 1))


def test_startup_overheads(run):
    entries = overheads.startup_overheads(run)
    assert [e.label for e in entries] == ["callback", "threads", "process_fork", "process",
                                          "process_fork, 256 MiB heap"]          # serial left out
    threads = entries[1]
    assert (threads.overhead_s.median, threads.overhead_s.low, threads.overhead_s.high) == \
        (pytest.approx(30e-6), pytest.approx(28e-6), pytest.approx(35e-6))
    assert threads.units == 100
    assert entries[0].overhead_s.low < 0 < entries[0].overhead_s.median          # clamped in the chart


@pytest.mark.parametrize("count, approximate, text", [
    (64, False, "64 B"), (8192, False, "8 KiB"), (1126, False, "1.1 KiB"), (250000, False, "244.1 KiB"),
    (8388608, False, "8 MiB"), (20480, True, "≈ 20 KiB"), (-3.5, True, "≈ 0 B"), (0, False, "0 B"),
    (None, False, "–"),
])
def test_format_memory(count, approximate, text):
    assert overheads.format_memory(count, approximate) == text


def test_memory_and_switch_costs(run):
    memory = overheads.memory_per_unit(run)
    assert memory["threads"].bytes_per_unit.median == 8192
    assert memory["threads"].stack_bytes == 8388608
    assert memory["process"].bytes_per_unit.median == 250000
    assert memory["coroutine"].stack_bytes is None
    switches = overheads.switch_costs(run)
    assert switches["threads"].switch_s.median == pytest.approx(1e-6)
    assert switches["coroutine"].rounds == 1000000


def test_summary_rows(run):
    rows = {row[0]: row for row in overheads.summary_rows(run, lambda models: run.order(None, models))}
    assert list(rows) == ["threads", "threads_socket", "pool", "process", "process_fork", "tbb", "openmp", "async",
                          "callback", "coroutine"]                # the catalog's order
    assert rows["threads"] == ("threads", "30.0 µs", "not reached (best 70% at 1.00 ms)", "891 µs", "8 KiB",
                               "1.00 µs", "100 started, 1,000 held")
    assert rows["tbb"] == ("tbb", "–", "46.4 µs", "9.00 µs", "–", "–", "–")
    assert rows["process"] == ("process", "1.20 ms", "–", "–", "244.1 KiB", "–", "10 started, 100 held")
    assert rows["process_fork"][1] == "950 µs"                    # the small-heap start, not the 256 MiB one
    assert rows["coroutine"] == ("coroutine", "–", "–", "–", "64 B", "3.30 ns", "10,000 held")
