"""The stability probe's summary: drift between windows, slow units, and its one-line description."""

import pytest

from concbench import probe, runner


def samples(unit_s, seconds=2.0, slow_from=None, factor=1.0):
    """Units back to back for `seconds`; from `slow_from` on, each takes `factor` times longer."""
    out, start = [], 0.0
    while start < seconds:
        took = unit_s * (factor if slow_from is not None and start >= slow_from else 1.0)
        out.append([start, took])
        start += took
    return out


def test_a_steady_machine_has_no_drift():
    summary = probe.summarize({"unit_terms": 1000, "seconds": 2,
                               "cpus": [{"cpu": 0, "samples": samples(0.002)}, {"cpu": 1, "samples": samples(0.002)}]})
    assert summary["drift"] == pytest.approx(0.0)
    assert summary["slow_fraction"] == 0
    assert [c["cpu"] for c in summary["cpus"]] == [0, 1]
    assert summary["cpus"][0]["best_s"] == pytest.approx(0.002)


def test_a_machine_that_slows_down_by_a_third_drifts_by_a_third():
    summary = probe.summarize({"unit_terms": 1000, "seconds": 2,
                               "cpus": [{"cpu": 0, "samples": samples(0.002, slow_from=1.0, factor=4 / 3)}]})
    assert summary["drift"] == pytest.approx(1 / 3)
    assert summary["slow_fraction"] == pytest.approx(0.43, abs=0.05)   # units over 20% above the best
    assert "drift between 0.25 s windows 33.3%" in probe.describe(summary)


def test_no_samples_no_summary():
    assert probe.summarize({"unit_terms": 1, "seconds": 1, "cpus": []})["drift"] is None
    assert "unavailable" in probe.describe(None)


def test_a_missing_probe_tool_is_not_an_error(tmp_path):
    assert probe.run_probe(runner.Config("nowhere", bin_dir=tmp_path), 0.1) is None
