"""One answer per workload: which model wins at the case the workload's answer rests on, by how
much against the runner-up and against serial, and which models cannot be told apart from it.

The case is the one C++ declares (the run's concbench_summary_cases: where most models run and
they part ways), else, for a run that predates it, the configuration where most C++ models ran
with the most workers no more than the cores. The winner is ranked by what the workload's table
shows — paired speedup for compute work, time for requests, efficiency for queues, the answering
counter for overheads — and never a value beyond physics while another model remains. Ties are
decided by the verdict module compare uses, on the ratio to the winner paired round by round.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np

from . import stats
from .analysis import Analysis
from .comparison import paired_ratio, unpaired_ratio
from .machine import cores
from .runs import Benchmark
from .verdicts import Verdict, judge


@dataclass(frozen=True)
class Rival:
    """A model against the winner: runner-up time (or counter) / the winner's, and what that says."""

    bench: Benchmark
    ratio: stats.Estimate
    verdict: Verdict

    @property
    def tied(self) -> bool:
        return self.verdict.word != "slower"


@dataclass(frozen=True)
class Answer:
    workload: str
    kind: str
    config: dict                  # the case's arguments (the contenders' own, workers:all included)
    declared: bool                # the case is the one C++ declares, not one worked out here
    winner: Benchmark
    measure: str                  # what ranked them: speedup, time, efficiency or a counter's name
    value: stats.Estimate         # the winner's value of it
    rivals: tuple                 # Rivals, nearest first
    speedup: stats.Estimate | None
    efficiency: stats.Estimate | None
    limit: float | None = None    # the largest speedup physics allows the winner

    @property
    def tied(self) -> tuple:
        return tuple(r for r in self.rivals if r.tied)

    @property
    def runner_up(self) -> Rival | None:
        return self.rivals[0] if self.rivals else None

    @property
    def models(self) -> int:
        return 1 + len(self.rivals)


def declared_cases(analysis: Analysis) -> set:
    text = analysis.run.context.get("concbench_summary_cases")
    try:
        names = json.loads(text) if isinstance(text, str) else (text or [])
    except json.JSONDecodeError:
        return set()
    return {n for n in names if isinstance(n, str)}


def headline_config(analysis: Analysis, benchmarks: list[Benchmark], core_count: int | None = None) -> tuple:
    """The configuration with the most workers (with a core count, no more than the cores: more
    only add switching), then the one where most C++ models other than the baseline ran, the
    largest on ties. Python models do not count: their sizes follow the interpreter's speed."""
    by_config: dict[tuple, list] = {}
    for bench in benchmarks:
        by_config.setdefault(bench.config, []).append(bench)
    if core_count:
        within = {c: m for c, m in by_config.items() if (workers_of(m[0]) or 0) <= core_count}
        by_config = within or by_config

    def rank(item):
        config, members = item
        values = tuple(v if isinstance(v, (int, float)) else 0 for _, v in config)
        counted = {b.model for b in members if not (analysis.run.facts(b).baseline or analysis.run.facts(b).python)}
        return workers_of(members[0]) or 0, len(counted), values
    return max(by_config.items(), key=rank)[0]


def workers_of(bench: Benchmark) -> float | None:
    return bench.workers if isinstance(bench.workers, (int, float)) else None


def contenders(analysis: Analysis, workload: str) -> tuple[list[Benchmark], bool]:
    """The benchmarks the workload's answer compares, and whether C++ declared their case."""
    run = analysis.run
    eligible = [b for b in run.ok(workload) if not b.open_loop and not run.facts(b).baseline]
    declared = declared_cases(analysis)
    chosen = [b for b in eligible if b.name in declared and not run.facts(b).python]
    if chosen:
        return chosen, True
    cpp = [b for b in eligible if not run.facts(b).python] or eligible
    if not cpp:
        return [], False
    config = headline_config(analysis, cpp, cores(run.context))
    return [b for b in cpp if b.config == config], False


def ranked_value(analysis: Analysis, bench: Benchmark, measure: str) -> stats.Estimate | None:
    result = analysis.result(bench)
    if measure == "speedup":
        return result.speedup
    if measure == "efficiency":
        return result.efficiency
    if measure == "time":
        return bench.time_estimate
    return bench.counter_estimate(measure)


def measure_of(analysis: Analysis, workload: str, members: list[Benchmark]) -> tuple[str, bool]:
    """What ranks the workload's models, and whether higher is better."""
    facts = analysis.catalog.workload(workload)
    if facts.kind in ("compute", "memory_bound") and all(analysis.result(b).speedup for b in members):
        return "speedup", True
    if facts.kind == "queue" and all(analysis.result(b).efficiency for b in members):
        return "efficiency", True
    if facts.kind == "overhead" and facts.measure and all(b.counter(facts.measure) is not None for b in members):
        return facts.measure, not facts.lower_is_better
    return "time", False


def rival_ratio(winner: Benchmark, other: Benchmark, measure: str, higher_is_better: bool) -> stats.Estimate:
    """How far behind `other` is: its time (or counter) over the winner's, paired round by round
    where both were measured in the same rounds, > 1 when the winner is ahead."""
    if measure in ("speedup", "efficiency", "time"):
        return paired_ratio(winner, other) or unpaired_ratio(winner, other)
    ratio = paired_counter_ratio(winner, other, measure)
    return ratio.inverse() if higher_is_better else ratio


def paired_counter_ratio(a: Benchmark, b: Benchmark, counter: str) -> stats.Estimate:
    """B's counter / A's, paired round by round (geometric mean, t interval), else their medians."""
    def by_round(bench):
        found = {}
        for value, round_ in zip(bench.counter_values(counter), [bench.rounds[i] for i in bench.kept] if bench.rounds else []):
            if value and value > 0 and round_ is not None:
                found.setdefault(round_, []).append(value)
        return {r: float(np.median(v)) for r, v in found.items()}
    a_rounds, b_rounds = by_round(a), by_round(b)
    common = sorted(set(a_rounds) & set(b_rounds))
    if len(common) >= stats.MIN_UNITS:
        logs = np.log([b_rounds[r] / a_rounds[r] for r in common])
        from scipy.stats import t
        half = float(t.ppf(0.5 + stats.CONFIDENCE / 2, len(logs) - 1)) * float(np.std(logs, ddof=1)) / math.sqrt(len(logs))
        mean = float(np.mean(logs))
        return stats.Estimate(math.exp(mean), math.exp(mean - half), math.exp(mean + half), len(common))
    first, second = a.counter(counter), b.counter(counter)
    return stats.Estimate(second / first if first and second else 1.0, None, None, 1)


def answer(analysis: Analysis, workload: str) -> Answer | None:
    members, declared = contenders(analysis, workload)
    if not members:
        return None
    measure, higher = measure_of(analysis, workload, members)
    values = {b.name: ranked_value(analysis, b, measure) for b in members}
    members = [b for b in members if values[b.name] is not None]
    if not members:
        return None
    sign = -1 if higher else 1
    members.sort(key=lambda b: (analysis.is_anomalous(b), sign * values[b.name].value))
    winner = members[0]
    rivals = []
    for bench in members[1:]:
        if analysis.is_anomalous(bench):
            continue
        ratio = rival_ratio(winner, bench, measure, higher)
        rivals.append(Rival(bench, ratio, judge(ratio, threshold=0.0)))
    result = analysis.result(winner)
    config = dict(winner.config)
    return Answer(workload, analysis.run.kind(workload), config, declared, winner, measure, values[winner.name],
                  tuple(sorted(rivals, key=lambda r: r.ratio.value)), result.speedup, result.efficiency,
                  result.limit)


def answers(analysis: Analysis) -> list[Answer]:
    """One answer per workload measured, in the catalog's order."""
    found = []
    for workload in analysis.run.workloads():
        given = answer(analysis, workload)
        if given is not None:
            found.append(given)
    return found
