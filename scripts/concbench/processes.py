"""One concbench process for one family of benchmarks, and what it reported, whatever happened
to it: the unit scripts/bench repeats, in random order, to measure where the variance is.

A family is one (workload, model): its benchmarks run in a fresh process so that no other
model's threads, pools or worker processes run beside them. A process that crashes or hangs
(killed after the timeout, with everything it started) becomes error entries for its
benchmarks, so nothing measured is lost and nothing missing goes unnoticed.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from .runs import INTERFERENCE_CPUS

@dataclass(frozen=True)
class Config:
    """One way of running concbench: its binaries and the CPUs it is pinned to."""

    label: str
    bin_dir: Path
    cpus: str | None = None           # taskset CPU list, None: all
    same_as_base: bool = False        # an A′ identical to A: the run's own A/A

    def command(self, program: str) -> list[str]:
        pin = ["taskset", "-c", self.cpus] if self.cpus else []
        return pin + [str(self.bin_dir / program)]


@dataclass
class Options:
    suite: str = "quick"
    filter: str | None = None
    processes: int = 5                # processes (rounds) per benchmark, at least
    summary_processes: int = 10       # ... and for the summary cases, the report's answers
    max_processes: int = 16           # at most, for benchmarks whose interval stays wide
    precision: float = 0.07           # target relative half-width of a benchmark's 95% time interval
    ratio_precision: float = 0.04     # ... and of its paired speedup and efficiency
    time_budget: float | None = None  # seconds after which no extra process starts
    values: int = 1                   # repetitions per benchmark in each process
    min_time: float | None = None     # Google Benchmark's --benchmark_min_time in the calibration round
    process_timeout: float = 900.0    # seconds one family process may take
    probe_seconds: float = 3.0
    seed: int | None = None
    extra: list = field(default_factory=list)     # more concbench flags, passed to every process
    commit: str = "unknown"
    command: str = ""                 # how the run was asked for, for the report

    @property
    def value_time(self) -> float:
        """Seconds one value should take: --min-time, else 0.1 s (the full suite 0.5 s)."""
        return self.min_time if self.min_time is not None else (0.5 if self.suite == "full" else 0.1)

    @property
    def calibration_min_time(self) -> float:
        """The calibration round asks Google Benchmark for values half as long: its estimation
        calls each benchmark several times, set-up and paired baselines included, so this saves
        a good part of the round; later rounds scale the iterations up to value_time."""
        return self.value_time / 2


@dataclass
class Family:
    name: str                          # workload/model
    benchmarks: list                   # full names, as --benchmark_list_tests prints them

    @property
    def filter(self) -> str:
        """A regular expression matching exactly these benchmarks (Google Benchmark's POSIX ERE),
        also when fixed iterations put /iterations:N into their names."""
        stems = [re.escape(name.removesuffix("/real_time")) for name in self.benchmarks]
        return "^(" + "|".join(stems) + ")(/iterations:[0-9]+)?(/real_time)?$"


# Google Benchmark names a benchmark with fixed iterations .../iterations:N/...
FIXED_ITERATIONS = re.compile(r"/iterations:[0-9]+")


class RunError(Exception):
    """The suite cannot run at all (no binary, no benchmark selected); one line for the user."""


def family_of(name: str) -> str:
    return "/".join(name.split("/")[:2])


def group_families(names: list[str]) -> list[Family]:
    families: dict[str, list] = {}
    for name in names:
        families.setdefault(family_of(name), []).append(name)
    return [Family(family, members) for family, members in families.items()]


def list_benchmarks(config: Config, options: Options) -> tuple[list[str], list[str]]:
    """The benchmarks concbench would run, and the lines in which it says what it leaves out
    (a Python model whose library is missing, an array that does not fit in memory)."""
    command = config.command("concbench") + [f"--suite={options.suite}", "--benchmark_list_tests=true"]
    if options.filter:
        command.append(f"--benchmark_filter={options.filter}")
    try:
        listed = subprocess.run(command + list(options.extra), capture_output=True, text=True, timeout=60)
    except FileNotFoundError:
        raise RunError(f"{config.bin_dir / 'concbench'} not found (build it with scripts/build)") from None
    except subprocess.TimeoutExpired:
        raise RunError("concbench --benchmark_list_tests did not answer within 60 s") from None
    if listed.returncode != 0:
        message = (listed.stderr.strip().splitlines() or [f"exit status {listed.returncode}"])[-1]
        raise RunError(message.removeprefix("concbench: "))
    skipped = [line.removeprefix("concbench: ").strip() for line in listed.stderr.splitlines()
               if line.startswith("concbench: skipping ")]
    return [line.strip() for line in listed.stdout.splitlines() if line.strip()], skipped


def interfered(entry: dict) -> bool:
    """Whether other programs or the hypervisor took a noticeable share of the CPUs meanwhile."""
    return any(isinstance(entry.get(key), (int, float)) and entry[key] > INTERFERENCE_CPUS
               for key in ("other_cpus", "steal_cpus"))


def error_entries(family: Family, names: list[str], message: str) -> list[dict]:
    """Entries for benchmarks whose process died before it reported them: failures, not gaps."""
    return [{"name": name, "run_name": name, "run_type": "iteration", "repetitions": 1, "repetition_index": 0,
             "threads": 1, "iterations": 0, "real_time": 0, "cpu_time": 0, "time_unit": "ms",
             "error_occurred": True, "error_message": message} for name in names]


@dataclass
class ProcessResult:
    entries: list
    context: dict | None
    seconds: float
    problem: str | None = None         # why the process failed as a whole, if it did


def run_family_process(config: Config, family: Family, options: Options, iterations_file: Path | None,
                       log, workdir: Path) -> ProcessResult:
    """One concbench process for one family; its entries, whatever happened to it."""
    out = workdir / "process.json"
    out.unlink(missing_ok=True)
    command = config.command("concbench") + [
        f"--suite={options.suite}", f"--benchmark_filter={family.filter}",
        f"--benchmark_repetitions={options.values}", "--benchmark_enable_random_interleaving=true",
        f"--benchmark_out={out}", "--benchmark_out_format=json",
        f"--benchmark_context=concbench_commit={options.commit},concbench_cpus={(config.cpus or 'all').replace(',', '+')}"]
    if iterations_file is not None:
        command.append(f"--iterations={iterations_file}")
    else:
        command.append(f"--benchmark_min_time={options.calibration_min_time}")
    command += list(options.extra)
    log.write(f"\n$ {' '.join(command)}\n")
    log.flush()
    start = time.monotonic()
    # A session of its own: on a timeout the whole tree (worker processes, servers) is killed.
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    problem = None
    try:
        status = process.wait(timeout=options.process_timeout)
    except subprocess.TimeoutExpired:
        kill_tree(process)
        status = None
        problem = f"timed out after {options.process_timeout:.0f} s"
    except BaseException:            # Ctrl-C: stop the tree before giving up
        kill_tree(process)
        raise
    seconds = time.monotonic() - start
    if status is not None and status < 0:
        problem = f"concbench died of signal {-status} ({signal.Signals(-status).name})"
    entries, context = [], None
    if out.exists():
        try:
            data = json.loads(out.read_text())
            wanted = set(family.benchmarks)
            entries = [e for e in data.get("benchmarks", []) if e.get("run_type", "iteration") == "iteration"
                       and FIXED_ITERATIONS.sub("", e.get("run_name") or e.get("name", "")) in wanted]
            context = data.get("context")
        except (json.JSONDecodeError, UnicodeDecodeError):
            problem = problem or "concbench wrote a truncated JSON file"
    elif problem is None and status != 0:
        problem = f"concbench exited with status {status} before writing results (see console.log)"
    reported = {FIXED_ITERATIONS.sub("", e.get("run_name") or e.get("name", "")) for e in entries}
    missing = [name for name in family.benchmarks if name not in reported]
    if missing:
        entries += error_entries(family, missing, problem or "not reported by concbench")
    return ProcessResult(entries, context, seconds, problem)


def kill_tree(process: subprocess.Popen):
    """Kills the process's session — it and every worker or server it started — and reaps it. The
    terminal's Ctrl-C may have ended it already: a group that is gone is not an error."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pass


def format_duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"
