"""History: where a benchmark's or a workload's results changed over a machine's runs.

A pipeline of small modules around one data model: series.py (runs with per-process values ->
a series of run levels with their within-run noise), significance.py (the t-test of one split),
edivisive.py (E-divisive means with that test, after Hunter/Apache Otava), power.py (the
smallest detectable step), analysis.py (change points with size, interval and direction; the
workload gate; accepted changes), simulate.py and calibration.py (this machine's noise model
and what the detector achieves under it). The method and its figures: docs/history.md.
"""

from .analysis import (IMPROVEMENT, REGRESSION, AcceptedChange, ChangePoint, DetectionSettings, SeriesAnalysis,
                       analyse_benchmark, analyse_series, gate_workloads, is_accepted, open_regressions)
from .series import HistoryError, Run, RunSeries, benchmark_series, workload_series

__all__ = ["IMPROVEMENT", "REGRESSION", "AcceptedChange", "ChangePoint", "DetectionSettings", "HistoryError", "Run",
           "RunSeries", "SeriesAnalysis", "analyse_benchmark", "analyse_series", "benchmark_series",
           "gate_workloads", "is_accepted", "open_regressions", "workload_series"]
