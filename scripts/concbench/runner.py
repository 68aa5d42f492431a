"""Runs the concbench suite so that its numbers hold on a shared, drifting machine.

- Isolation: every (workload, model) family runs in fresh `concbench` processes, so OpenMP's
  spinning threads, TBB's workers, Asio pools, redis-server and worker processes of one model
  never run beside another model's timing.
- Repetition where the variance is: each benchmark is measured in several processes (rounds);
  each round runs the families in a new random order, so a slow spell of the machine falls on
  every model alike. A benchmark's values from all its processes are pooled.
- Calibration once: the first round lets Google Benchmark choose each benchmark's iterations;
  later rounds reuse them (--iterations), so every process measures the same work.
- A/B on one machine: a second configuration (other CPUs, another build) runs in the same
  rounds, each family's A and B processes back to back in random order.

The result is one Google Benchmark JSON file per configuration: every repetition's entry, tagged
with its process and round, and a context that says how the run was made.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import course
from . import probe as stability
from .load import TIME_UNIT_SECONDS, run_from_json
from .processes import (FIXED_ITERATIONS, Config, Family, Options, ProcessResult, RunError, format_duration, interfered,
                        group_families, list_benchmarks, run_family_process)
from .runs import INTERFERENCE_CPUS, ResultsError
from .verdicts import NOISE_FLOOR
from .comparison import aa_noise, compare_runs, coverage, median_width, paired_ratio
from .stats import relative_half_width

# Counters that, divided by a value's time, give that value's paired ratios: speedup
# (serial_s / time) and efficiency (ideal_s / time).
RATIO_COUNTERS = ("serial_s", "ideal_s")
# What starting one more concbench process costs beyond its benchmarks (exec, fingerprint, set-up).
PROCESS_START_SECONDS = 0.05



@dataclass
class Collected:
    """Everything one configuration's processes reported."""

    config: Config
    entries: list = field(default_factory=list)
    context: dict | None = None
    processes: int = 0
    failures: list = field(default_factory=list)   # (family, round, problem)


class Suite:
    """One run of the suite: its families, its random order and what every process reported."""

    def __init__(self, configs: list[Config], options: Options, say: Callable[[str], None]):
        self.configs, self.options, self.say = configs, options, say
        names, self.skipped = list_benchmarks(configs[0], options)
        if not names:
            raise RunError("no benchmark selected")
        # What each configuration has: on other CPUs the scaling cases differ (on one CPU a
        # parallel model's workers:1 is its workers:all), so each one runs only its own names,
        # and a case only one side has is "only in" the comparison, not a failure.
        self.listed = [set(names)] + [set(list_benchmarks(config, options)[0]) for config in configs[1:]]
        names = names + sorted(set().union(*self.listed[1:]) - self.listed[0])
        self.names = names
        self.families = group_families(names)
        self.seed = options.seed if options.seed is not None else random.SystemRandom().randrange(2 ** 31)
        self.shuffle = random.Random(self.seed)
        self.collected = [Collected(config) for config in configs]
        self.durations: dict[tuple, list] = {}       # (config, family) -> seconds of each process
        self.iterations_files: dict[int, Path] = {}  # config -> its own calibration
        self.summary: set[str] = set()               # the summary cases, as the first process states them
        self.started = time.monotonic()
        self.done = 0
        self.planned = 0
        self.extra_rounds = 0
        self.stopped_by_budget = False

    def run_round(self, round_index: int, families: list[Family], log, workdir: Path):
        """Every family once under every configuration, in a new random order. The configurations of
        a family run back to back, and which goes first rotates from round to round, so that a pair
        B/A is measured seconds apart and no side always has the first slot. Each configuration's
        first round calibrates the iterations its later rounds reuse."""
        order = families[:]
        self.shuffle.shuffle(order)
        round_started, in_round = time.monotonic(), 0
        for family in order:
            turn = [(round_index + k) % len(self.configs) for k in range(len(self.configs))]
            for c in turn:
                own = Family(family.name, [n for n in family.benchmarks if n in self.listed[c]])
                if not own.benchmarks:
                    continue
                # Every family of the first round calibrates; the file of iterations is written only
                # once the round is over, so that no family runs with Google Benchmark's own
                # default time (0.5 s a value) for want of an entry.
                calibrate = c not in self.iterations_files
                result = run_family_process(self.configs[c], own, self.options,
                                            None if calibrate else self.iterations_files[c], log, workdir)
                record(self.collected[c], result, own, round_index, self.done)
                if result.context and not self.summary:
                    self.summary = set(summary_cases(result.context))
                self.durations.setdefault((c, family.name), []).append(result.seconds / len(own.benchmarks))
                self.done += 1
                in_round += 1
                self.report_progress(round_index, own, c, result,
                                     (time.monotonic() - round_started) / in_round * (self.planned - self.done)
                                     if round_index > 0 else None)
        for c in range(len(self.configs)):
            if c not in self.iterations_files and self.collected[c].entries:
                self.iterations_files[c] = write_iterations(workdir / f"config{c}", self.collected[c].entries,
                                                            self.options.value_time)

    def report_progress(self, round_index, family, c, result, left):
        elapsed = time.monotonic() - self.started
        line = (f"[round {round_index + 1} {self.done}/{self.planned}] {family.name}"
                + (f" ({self.configs[c].label})" if len(self.configs) > 1 else "")
                + f": {len(family.benchmarks)} benchmark{'s' if len(family.benchmarks) != 1 else ''}"
                + f" in {result.seconds:.1f} s; {format_duration(elapsed)} so far"
                + (f", about {format_duration(left)} left" if left is not None else ""))
        if result.problem:
            line += f"  FAILED: {result.problem}"
        else:
            errors = [e for e in result.entries if e.get("error_occurred")]
            if errors:
                line += f"  {len(errors)} error(s): {errors[0].get('error_message', '')}"
        self.say(line)

    def runs_so_far(self) -> list:
        return [run_from_json({"context": c.context or {}, "benchmarks": c.entries}, "so far") for c in self.collected]

    def unsettledness(self) -> dict[str, float]:
        """For each benchmark, how far it is from the precision targets: the widest of its time's
        and its paired ratios' relative 95% half-widths (stats.relative_half_width), each divided
        by its target, under any configuration, and in an A/B run its B/A ratio's, paired by round.
        Above 1: another process is worth having."""
        options, scores = self.options, {}
        runs = self.runs_so_far()
        for run in runs:
            for bench in run.ok():
                if bench.units >= options.max_processes:
                    continue
                groups = bench.kept_processes
                score = relative_half_width(bench.kept_times_s, groups) / options.precision
                for counter in RATIO_COUNTERS:    # paired ratios: counter / time of the same value
                    values = bench.counter_values(counter)
                    if values and len(values) == len(bench.kept_times_s) and all(values):
                        ratios = [v / t for v, t in zip(values, bench.kept_times_s)]
                        score = max(score, relative_half_width(ratios, groups) / options.ratio_precision)
                for other in runs[1:] if run is runs[0] else ():
                    twin = other.benchmarks.get(bench.name)
                    pair = paired_ratio(bench, twin) if twin is not None and twin.ok else None
                    if pair is not None:
                        width = pair.high / pair.value - 1 if pair.has_interval else math.inf
                        score = max(score, width / options.precision)
                scores[bench.name] = max(score, scores.get(bench.name, 0.0))
        return {name: score for name, score in scores.items() if score > 1}

    def seconds_per_process(self, family: Family) -> float:
        """What one more process for one benchmark of this family should take, under every
        configuration: the family's median process so far, per benchmark."""
        return sum(statistics.median(self.durations.get((c, family.name), [0.0])) for c in range(len(self.configs)))

    def left(self) -> float:
        budget = self.options.time_budget
        return budget - (time.monotonic() - self.started) if budget else math.inf

    def restricted(self, wanted) -> list[Family]:
        """The families, each cut down to its benchmarks in `wanted`, those left empty dropped."""
        cut = [Family(f.name, [n for n in f.benchmarks if n in wanted]) for f in self.families]
        return [f for f in cut if f.benchmarks]

    def next_extra_round(self) -> tuple[list[Family], int, float]:
        """The least settled benchmarks that fit in what is left of the time budget, the summary
        cases first and then the most unsettled, grouped by family; also how many were unsettled in
        all, and the round's cost."""
        scores = self.unsettledness()
        family_of_name = {name: family for family in self.families for name in family.benchmarks}
        chosen, cost, left = set(), 0.0, self.left()
        for name in sorted(scores, key=lambda n: (n not in self.summary, -scores[n])):
            family = family_of_name[name]
            extra = self.seconds_per_process(family) + (PROCESS_START_SECONDS if not chosen & set(family.benchmarks) else 0)
            if cost + extra > left:
                continue
            chosen.add(name)
            cost += extra
        return self.restricted(chosen), len(scores), cost

    def run(self, log, workdir: Path):
        options = self.options
        rounds = len(self.families) * options.processes * len(self.configs)
        self.planned = rounds
        self.say(f"bench: {len(self.names)} benchmarks in {len(self.families)} families; {options.processes} processes "
                 f"each, {options.summary_processes} for the summary cases, up to {options.max_processes} for "
                 f"benchmarks whose 95% interval is wider than ±{options.precision:.0%} (time) or "
                 f"±{options.ratio_precision:.0%} (speedup, efficiency); families in random order (seed {self.seed})")
        for round_index in range(options.processes):
            self.run_round(round_index, self.families, log, workdir)
            if round_index == 0:     # now the summary cases are known
                summary_families = self.restricted(self.summary)
                extra = max(0, options.summary_processes - options.processes)
                self.planned = rounds + extra * len(self.configs) * len(summary_families)
        round_index = options.processes
        while round_index < options.summary_processes:
            self.run_round(round_index, self.restricted(self.summary), log, workdir)
            round_index += 1
        while round_index < options.max_processes:
            families, unsettled, cost = self.next_extra_round()
            if not unsettled:
                break
            count = sum(len(f.benchmarks) for f in families)
            if not families:
                self.stopped_by_budget = True
                self.say(f"bench: {unsettled} benchmark{'s' if unsettled != 1 else ''} still wider than the targets, "
                         f"but the time budget of {options.time_budget:.0f} s is spent")
                break
            if count < unsettled:
                self.stopped_by_budget = True
            self.planned = self.done + len(families) * len(self.configs)
            self.say(f"bench: {unsettled} benchmark{'s' if unsettled != 1 else ''} still wider than the targets: "
                     f"one more process for {'each' if count == unsettled else f'the {count} least settled'} "
                     f"(~{cost:.0f} s)")
            self.run_round(round_index, families, log, workdir)
            self.extra_rounds += 1
            round_index += 1

    def method(self, complete: bool) -> dict:
        options = self.options
        return {"isolation": "one process per (workload, model) family and round",
                "processes_per_benchmark": options.processes, "summary_processes": options.summary_processes,
                "max_processes_per_benchmark": options.max_processes, "skipped": self.skipped,
                "extra_rounds": self.extra_rounds, "precision_target": options.precision,
                "ratio_precision_target": options.ratio_precision,
                "warm_up": "each runner is built, used and thrown away once, then built again for timing",
                "time_budget_s": options.time_budget, "stopped_by_time_budget": self.stopped_by_budget,
                "values_per_process": options.values,
                "order": "families shuffled every round; an A/B pair back to back, the side going first rotating",
                "seed": self.seed,
                "calibration": f"round 1 of each configuration (--benchmark_min_time={options.calibration_min_time:g}); "
                               f"later rounds run the iterations that make {options.value_time:g} s at its time per "
                               "iteration",
                "interference_threshold_cpus": INTERFERENCE_CPUS,
                "configurations": [c.label for c in self.configs] if len(self.configs) > 1 else None,
                "processes_run": self.done, "processes_planned": self.planned,
                "seconds": round(time.monotonic() - self.started, 1), "complete": complete,
                "command": options.command}


def summary_cases(context: dict) -> list[str]:
    """The summary cases a concbench process lists in its context (concbench_summary_cases)."""
    try:
        names = json.loads(context.get("concbench_summary_cases") or "[]")
    except (TypeError, json.JSONDecodeError):
        return []
    return [n for n in names if isinstance(n, str)]


def run_suite(configs: list[Config], options: Options, out_dirs: list[Path],
              say: Callable[[str], None] = lambda text: print(text, file=sys.stderr, flush=True)) -> list[Path]:
    """Runs the suite under every configuration, interleaved; writes each one's results.json.

    Returns the paths written. Ctrl-C writes what was measured so far (marked incomplete) and
    re-raises KeyboardInterrupt.
    """
    suite = Suite(configs, options, say)
    for line in suite.skipped:
        say(f"bench: {line}")
    PYTHON_VERSIONS["versions"] = course.python_versions()
    for directory in out_dirs:
        directory.mkdir(parents=True, exist_ok=True)
    probes = []
    complete = False
    with tempfile.TemporaryDirectory(prefix="concbench-") as scratch, \
            open(out_dirs[0] / "console.log", "w", encoding="utf-8") as log:
        try:
            for config in configs:
                say(f"bench: stability probe{' (' + config.label + ')' if len(configs) > 1 else ''}: "
                    f"{options.probe_seconds:g} s of fixed work on every CPU ...")
                probes.append(stability.run_probe(config, options.probe_seconds))
                say("bench:   " + stability.describe(probes[-1]))
            suite.run(log, Path(scratch))
            complete = True
        finally:
            method = suite.method(complete)
            written = [write_results(suite.collected[i], probes[i] if i < len(probes) else None, method, out_dirs[i],
                                     ab_context(suite, i))
                       for i in range(len(configs))]
    failed = sum(len(c.failures) for c in suite.collected)
    say(f"bench: measured in {format_duration(method['seconds'])}"
        + (f"; {failed} process(es) failed, see {out_dirs[0] / 'console.log'}" if failed else ""))
    return written


def record(collected: Collected, result: ProcessResult, family: Family, round_index: int, process_index: int):
    for entry in result.entries:
        # Google Benchmark names a benchmark with fixed iterations .../iterations:N/...; every
        # round must file its values under the one name.
        for key in ("name", "run_name"):
            if isinstance(entry.get(key), str):
                entry[key] = FIXED_ITERATIONS.sub("", entry[key])
        entry["concbench_process"] = process_index
        entry["concbench_round"] = round_index
        entry["concbench_interfered"] = interfered(entry)
    collected.entries += result.entries
    collected.processes += 1
    if result.context and collected.context is None:
        collected.context = result.context
    if result.problem:
        collected.failures.append({"family": family.name, "round": round_index + 1, "problem": result.problem})


PYTHON_VERSIONS: dict = {}         # asked when the run starts, written with every results file

def ab_context(suite: Suite, index: int) -> dict | None:
    """What ties the configurations of one interleaved run together (their rounds pair up), and
    where the run had an A′ identical to A, the A/A noise that sets its B/A verdicts' threshold."""
    if len(suite.configs) < 2:
        return None
    context = {"run": f"{suite.seed}-{int(suite.started)}", "index": index,
               "labels": [c.label for c in suite.configs]}
    twin = next((i for i, c in enumerate(suite.configs) if i > 0 and c.same_as_base), None)
    if twin is not None:
        runs = suite.runs_so_far()
        try:
            aa = compare_runs(runs[0], runs[twin], threshold=NOISE_FLOOR)
        except ResultsError:
            return context
        context.update(aa_noise=aa_noise(aa), aa_coverage=coverage(aa), aa_width=median_width(aa), aa_of=twin)
    return context


def write_iterations(workdir: Path, entries: list[dict], value_time: float) -> Path:
    """Each benchmark's iterations for later rounds, for --iterations: as many as make a value
    of `value_time` seconds at the time per iteration the calibration round measured, at least one."""
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "iterations.txt"
    lines = {}
    for entry in entries:
        if not entry.get("error_occurred") and entry.get("iterations"):
            per_iteration = entry["real_time"] * TIME_UNIT_SECONDS.get(entry.get("time_unit", "ns"), 1e-9)
            wanted = math.ceil(value_time / per_iteration) if per_iteration > 0 else int(entry["iterations"])
            lines[entry.get("run_name") or entry["name"]] = max(1, wanted)
    path.write_text("".join(f"{name} {count}\n" for name, count in lines.items()))
    return path


def write_results(collected: Collected, probe: dict | None, method: dict, directory: Path,
                  ab: dict | None = None) -> Path:
    """results.json: Google Benchmark's format, every repetition's entry, and the run's method."""
    context = dict(collected.context or {})
    if ab is not None:
        context["concbench_ab"] = ab
    context["concbench_method"] = method
    context["concbench_python"] = PYTHON_VERSIONS.get("versions") or course.python_versions()
    context["concbench_processes"] = collected.processes
    if probe is not None:
        context["concbench_probe"] = probe
    if collected.failures:
        context["concbench_failed_processes"] = collected.failures
    context["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    if collected.config.cpus:
        context["concbench_cpus"] = collected.config.cpus
    path = directory / "results.json"
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps({"context": context, "benchmarks": collected.entries}, indent=1))
    os.replace(temporary, path)
    return path


def parse_config(spec: str, base: Config) -> Config:
    """A configuration to interleave with the base one: `same` (an A′ identical to A, the run's own
    A/A), `cpus=LIST` or `bin=DIR` (one key per --ab; give --ab again for more)."""
    if spec == "same":
        return Config(label=base.label + " again", bin_dir=base.bin_dir, cpus=base.cpus, same_as_base=True)
    key, sep, value = spec.partition("=")
    if not sep or not value:
        raise ResultsError(f"--ab needs same, cpus=LIST or bin=DIR, not '{spec}'")
    if key == "cpus":
        if not re.fullmatch(r"\d+([,-]\d+)*", value):
            raise ResultsError(f"--ab cpus= needs a CPU list such as 0 or 0,1, not '{value}'")
        return Config(label=f"cpus {value}", bin_dir=base.bin_dir, cpus=value)
    if key == "bin":
        directory = Path(value)
        if not (directory / "concbench").exists():
            raise ResultsError(f"--ab bin={value}: no concbench there")
        return Config(label=f"bin {value}", bin_dir=directory, cpus=base.cpus)
    raise ResultsError(f"--ab needs same, cpus=LIST or bin=DIR, not '{spec}'")
