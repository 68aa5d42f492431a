"""One answer per workload: the fastest model where the models differ, every model tied with it,
and its speedup and efficiency as analysed — what the report's first table shows."""

from __future__ import annotations

from dataclasses import dataclass

from . import stats
from .analysis import Analysis
from .machine import cores
from .runs import Benchmark
from .verdicts import tied


@dataclass(frozen=True)
class WorkloadSummary:
    workload: str
    config: dict                # arguments of the configuration the models were compared at
    best: Benchmark
    time: stats.Estimate
    speedup: stats.Estimate | None
    efficiency: stats.Estimate | None
    tied: tuple                 # models whose time interval overlaps the best's: no winner among them
    runner_up: Benchmark | None
    models: int

    @property
    def time_s(self) -> float:
        return self.time.value


def headline_config(analysis: Analysis, benchmarks: list[Benchmark], core_count: int | None = None) -> tuple:
    """The configuration with the most workers (with a core count, no more than the cores: more
    only add switching), then the one where most C++ models other than the baseline ran, the
    largest on ties. Python models do not count: their sizes follow the interpreter's speed."""
    by_config: dict[tuple, set] = {}
    for bench in benchmarks:
        by_config.setdefault(bench.config, []).append(bench)
    if core_count:
        within = {c: m for c, m in by_config.items() if dict(c).get("workers", 0) <= core_count}
        by_config = within or by_config

    def rank(item):
        config, members = item
        values = tuple(v if isinstance(v, (int, float)) else 0 for _, v in config)
        counted = {b.model for b in members if not (analysis.run.facts(b).baseline or analysis.run.facts(b).python)}
        return dict(config).get("workers", 0), len(counted), values
    return max(by_config.items(), key=rank)[0]


def summarize_workloads(analysis: Analysis) -> list[WorkloadSummary]:
    """For each workload that answers with a time, the fastest model at its headline configuration,
    and every model tied with it (time intervals that overlap): a tie is reported as a tie. A model
    whose speedup or efficiency is beyond physics (an anomaly) is not crowned while any other
    model remains."""
    run = analysis.run
    summaries = []
    for workload in run.workloads():
        if run.kind(workload) == "overhead":
            continue
        benchmarks = [b for b in run.ok(workload) if not b.open_loop]     # an open loop's time is its schedule's
        if not benchmarks:
            continue
        config = headline_config(analysis, benchmarks, cores(run.context))
        contenders = sorted((b for b in benchmarks if b.config == config),
                            key=lambda b: (analysis.is_anomalous(b), b.time_s))
        best = contenders[0]
        ties = tuple(b.model for b in contenders[1:]
                     if not analysis.is_anomalous(b) and tied(b.time_estimate, best.time_estimate))
        result = analysis.result(best)
        summaries.append(WorkloadSummary(
            workload=workload, config=dict(config), best=best, time=best.time_estimate,
            speedup=result.speedup, efficiency=result.efficiency, tied=ties,
            runner_up=contenders[1] if len(contenders) > 1 else None, models=len(contenders)))
    return summaries
