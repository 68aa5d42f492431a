"""Simulated histories with this machine's noise, to measure what the detector finds and how
often it cries wolf (the figures in docs/history.md).

The noise model, per process value of benchmark b in run r (all in logs):

    log x = log typical_b + run_factor_r + offset_{b,r} + process_sd_b * e,   e ~ N(0, 1)

- process_sd_b: the spread between the processes of one run, per benchmark, from a real run
  (the quick-suite sample: 283 benchmarks in 10 workloads, 3 processes each);
- offset_{b,r}: what moves one benchmark between runs beyond its processes, drawn from the
  per-benchmark differences of an A/A pair (two runs of one build) with their common part
  taken out and divided by sqrt(2); these differences still hold the pair's own process noise,
  so the draw overstates the offsets rather than understates them;
- run_factor_r: one factor per run shared by every benchmark, because the machine's speed
  drifts and a run can fall in a slow spell as a whole; normal with sd RUN_FACTOR_SD.
Every draw comes from a numpy Generator the caller seeds.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .series import Run, median_variance_factor

RUN_FACTOR_SD = 0.05
SECONDS_PER_UNIT = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def per_process_values(document: Mapping) -> dict[str, list[float]]:
    """Google Benchmark JSON -> benchmark (run_name) -> one real time in seconds per process
    (the median of a process's values when it wrote several); errors and aggregates left out."""
    by_process: dict[str, dict] = {}
    for index, entry in enumerate(document["benchmarks"]):
        if entry.get("run_type", "iteration") != "iteration" or entry.get("error_occurred") or entry.get("skipped"):
            continue
        seconds = entry["real_time"] * SECONDS_PER_UNIT[entry.get("time_unit", "ns")]
        process = entry.get("concbench_process", f"value {index}")
        by_process.setdefault(entry.get("run_name") or entry["name"], {}).setdefault(process, []).append(seconds)
    return {name: [statistics.median(v) for v in processes.values()] for name, processes in by_process.items()}


@dataclass(frozen=True)
class NoiseModel:
    """The numbers the simulation draws from; see the module docstring."""

    typical: Mapping[str, float]               # benchmark -> median seconds in the sample
    process_sd: Mapping[str, float]            # benchmark -> sd of log value between processes
    workloads: Mapping[str, tuple[str, ...]]   # workload -> its benchmarks
    processes: int                             # processes per benchmark per run
    offsets: tuple[float, ...]                 # between-run log offsets of one benchmark, to draw from
    run_factor_sd: float = RUN_FACTOR_SD


def noise_model(sample: Mapping, aa_first: Mapping, aa_second: Mapping,
                run_factor_sd: float = RUN_FACTOR_SD) -> NoiseModel:
    """The model from a sample run and an A/A pair (parsed Google Benchmark JSON)."""
    values = per_process_values(sample)
    typical = {name: statistics.median(v) for name, v in values.items()}
    spread = {name: float(np.std(np.log(v), ddof=1)) if len(v) > 1 else 0.0 for name, v in values.items()}
    workloads: dict[str, list[str]] = {}
    for name in values:
        # A simulated suite only needs some grouping; the name's first part is the workload.
        workloads.setdefault(name.split("/")[0], []).append(name)
    first, second = per_process_values(aa_first), per_process_values(aa_second)
    both = sorted(set(first) & set(second))
    differences = np.array([np.log(np.median(second[n]) / np.median(first[n])) for n in both])
    offsets = (differences - np.median(differences)) / np.sqrt(2)
    processes = round(statistics.median(len(v) for v in values.values()))
    return NoiseModel(typical, spread, {w: tuple(b) for w, b in workloads.items()}, processes,
                      tuple(float(o) for o in offsets), run_factor_sd)


def machine_noise_model(repository: Path, run_factor_sd: float = RUN_FACTOR_SD) -> NoiseModel:
    """The model from the repository's own files: the quick-suite sample and the A/A fixtures."""
    def read(relative):
        return json.loads((repository / relative).read_text())
    return noise_model(read("reports/samples/vm-quick/results.json"),
                       read("tests/python/fixtures/aa_first.json"),
                       read("tests/python/fixtures/aa_second.json"), run_factor_sd)


def median_variance(processes: int) -> float:
    """Variance of the median of `processes` standard normal values."""
    return median_variance_factor(processes) / processes


def run_level_sd(model: NoiseModel, benchmark: str) -> float:
    """The true sd of one run's log median of a benchmark under the model: the unit in which
    steps are stated ("a step of 4 noise standard deviations")."""
    return float(np.sqrt(model.run_factor_sd**2 + np.mean(np.square(model.offsets))
                         + median_variance(model.processes) * model.process_sd[benchmark] ** 2))


def workload_run_sd(model: NoiseModel, workload: str) -> float:
    """The true sd of one run's log geometric mean of a workload under the model: the run
    factor stays whole, offsets and process spread shrink with the number of benchmarks."""
    spreads = np.square([model.process_sd[b] for b in model.workloads[workload]])
    count = len(spreads)
    return float(np.sqrt(model.run_factor_sd**2 + np.mean(np.square(model.offsets)) / count
                         + median_variance(model.processes) * spreads.mean() / count))


def simulate_history(model: NoiseModel, benchmarks: Sequence[str], runs: int, rng: np.random.Generator,
                     steps: Mapping[str, tuple[int, float]] | None = None,
                     missing_share: float = 0.0) -> list[Run]:
    """`runs` runs of the benchmarks; steps: benchmark -> (first run after the step, log step).
    missing_share: the chance that a process's value is lost (None), as when a process fails."""
    steps = steps or {}
    names = list(benchmarks)
    typical = np.log([model.typical[n] for n in names])
    spread = np.array([model.process_sd[n] for n in names])
    step_at = np.array([steps.get(n, (runs, 0.0))[0] for n in names])
    step_size = np.array([steps.get(n, (runs, 0.0))[1] for n in names])
    offsets = np.asarray(model.offsets)
    history = []
    for r in range(runs):
        factor = rng.normal(0.0, model.run_factor_sd)
        offset = offsets[rng.integers(len(offsets), size=len(names))] * rng.choice((-1.0, 1.0), size=len(names))
        level = typical + factor + offset + np.where(r >= step_at, step_size, 0.0)
        logs = level[:, None] + spread[:, None] * rng.standard_normal((len(names), model.processes))
        lost = rng.random(logs.shape) < missing_share
        values = np.where(lost, np.nan, np.exp(logs)).tolist()
        history.append(Run(f"run{r:03d}", {n: [None if v != v else v for v in row] for n, row in zip(names, values)}))
    return history
