"""What the detector achieves on simulated histories with this machine's noise: how often and
how soon it finds a step, how often a flat suite makes the gate fail, and whether the stated
smallest detectable step is found as often as promised. Seeded, so the figures repeat.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from .analysis import DetectionSettings, analyse_benchmark, gate_workloads
from .power import smallest_detectable_log_step
from .simulate import NoiseModel, run_level_sd, simulate_history


@dataclass(frozen=True)
class Detection:
    """Steps of `sigmas` run-noise standard deviations, `runs_before` runs into a history."""

    sigmas: float
    runs_before: int
    histories: int
    delays: Counter          # runs after the step when first found (at its run or one off) -> count
    at_the_run: int          # found exactly at the first run after the step
    other_change_points: int # change points elsewhere, in the history where the step was found

    def found_within(self, runs: int) -> float:
        return sum(n for delay, n in self.delays.items() if delay <= runs) / self.histories


def detection(model: NoiseModel, sigmas: float, histories: int, runs_before: int = 20, max_runs_after: int = 5,
              seed: int = 1, settings: DetectionSettings = DetectionSettings()) -> Detection:
    """Each history: a benchmark of the sample drawn at random, a step up or down (alternately)
    after runs_before runs, analysed after each new run until it is found or max_runs_after."""
    rng = np.random.default_rng(seed)
    names = sorted(model.process_sd)
    delays: Counter = Counter()
    exact = other = 0
    for i in range(histories):
        name = names[rng.integers(len(names))]
        step = (1 if i % 2 == 0 else -1) * sigmas * run_level_sd(model, name)
        runs = simulate_history(model, [name], runs_before + max_runs_after, rng, {name: (runs_before, step)})
        for after in range(1, max_runs_after + 1):
            found = analyse_benchmark(name, runs[:runs_before + after], settings).change_points
            hits = [c for c in found if abs(c.index - runs_before) <= 1 and (c.ratio > 1) == (step > 0)]
            if hits:
                delays[after] += 1
                exact += hits[0].index == runs_before
                other += len(found) - 1
                break
    return Detection(sigmas, runs_before, histories, delays, exact, other)


@dataclass(frozen=True)
class FalseAlarms:
    """Flat whole-suite histories (no change anywhere) that the workload gate flagged."""

    suites: int
    runs: int
    flagged_suites: int
    flagged_workloads: Counter   # workload -> suites in which it was flagged

    @property
    def per_hundred(self) -> float:
        return 100 * self.flagged_suites / self.suites


def false_alarms(model: NoiseModel, suites: int, runs: int = 30, seed: int = 2,
                 settings: DetectionSettings = DetectionSettings()) -> FalseAlarms:
    rng = np.random.default_rng(seed)
    names = [b for benchmarks in model.workloads.values() for b in benchmarks]
    flagged: Counter = Counter()
    flagged_suites = 0
    for _ in range(suites):
        gated = gate_workloads(simulate_history(model, names, runs, rng), model.workloads, settings)
        alarms = [a.subject for a in gated if a.change_points]
        flagged.update(alarms)
        flagged_suites += bool(alarms)
    return FalseAlarms(suites, runs, flagged_suites, flagged)


def promised_power(model: NoiseModel, histories: int, runs_before: int = 25, runs_after: int = 5, seed: int = 3,
                   settings: DetectionSettings = DetectionSettings()) -> float:
    """Share of histories in which a step of exactly the stated smallest detectable size (from
    the true noise) is found at its run or one off, with runs_after runs after it: should be
    near settings.power if power.py's calculation holds for the whole search."""
    rng = np.random.default_rng(seed)
    names = sorted(model.process_sd)
    found = 0
    for i in range(histories):
        name = names[rng.integers(len(names))]
        step = smallest_detectable_log_step(run_level_sd(model, name), runs_before, runs_after,
                                            settings.max_p_value, settings.power) * (1 if i % 2 == 0 else -1)
        runs = simulate_history(model, [name], runs_before + runs_after, rng, {name: (runs_before, step)})
        points = analyse_benchmark(name, runs, settings).change_points
        found += any(abs(c.index - runs_before) <= 1 and (c.ratio > 1) == (step > 0) for c in points)
    return found / histories
