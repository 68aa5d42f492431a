"""C++ against the course's own Python programs: at each case both ran, the fastest C++ model
beside the fastest Python model, and how many times slower Python is, with the figures the
course's books printed beside them, labelled as the book's (course_figures.json).

Which models are Python programs, and which Python program each one's speedup rests on, comes
from the catalog. Pure functions of a loaded run, tested on fixtures.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from . import course, stats
from .formatting import describe_args, format_seconds
from .machine import cores
from .runs import PARALLELISM_ARGS, Benchmark, Run

@dataclass(frozen=True)
class BookFigure:
    """A time the course material printed for a case of ours."""

    workload: str
    args: dict                # the case's arguments it matches (a subset of the benchmark's)
    what: str
    seconds: tuple            # one time, or the range the book gave for several programs

    def text(self) -> str:
        span = (format_seconds(self.seconds[0]) if len(self.seconds) == 1 else
                f"{format_seconds(min(self.seconds))}–{format_seconds(max(self.seconds))}")
        return f"{span} ({self.what}; the book's)"


@lru_cache(maxsize=1)
def book_figures_known() -> tuple:
    return tuple(BookFigure(f["workload"], f["args"], f["what"], tuple(f["seconds"])) for f in course.data()["figures"])


@dataclass(frozen=True)
class PeerRow:
    workload: str
    config: tuple             # the case: every argument, as Benchmark.config gives it
    cpp: Benchmark            # the fastest C++ model there
    python: Benchmark         # the fastest Python model there
    slower: stats.Estimate    # Python's time / C++'s time, with its 95% interval
    book: tuple               # BookFigures that describe this case

    @property
    def case(self) -> str:
        return describe_args(self.config)


def book_figures(workload: str, config: tuple) -> tuple:
    """The book's figures for exactly this problem: every argument of the figure matches, and the
    case has no problem argument the figure lacks (seed_jobs at divisor:10 is not the book's list)."""
    args = dict(config)
    return tuple(f for f in book_figures_known() if f.workload == workload
                 and all(args.get(k) == v for k, v in f.args.items())
                 and all(k in f.args for k in args if k not in PARALLELISM_ARGS))


def cpp_vs_python(run: Run) -> list[PeerRow]:
    """Every case (the same workload and arguments) where both a C++ and a Python model ran, in
    workload order; CPU cases only with no more workers than cores, where a speedup is real; no
    open loop, where every model that keeps up takes the schedule's time."""
    core_count = cores(run.context)
    rows = []
    for workload in run.workloads():
        cases: dict[tuple, list] = {}
        for bench in run.ok(workload):
            if bench.open_loop or (bench.workers is not None and bench.workers > core_count):
                continue
            cases.setdefault(bench.config, []).append(bench)
        for config, group in cases.items():
            cpp = [b for b in group if not run.facts(b).python]
            python = [b for b in group if run.facts(b).python]
            if not (cpp and python):
                continue
            best_cpp = min(cpp, key=lambda b: b.time_s)
            best_python = min(python, key=lambda b: b.time_s)
            slower = stats.ratio_estimate(best_cpp.kept_times_s or (best_cpp.time_s,),
                                          best_python.kept_times_s or (best_python.time_s,),
                                          best_cpp.kept_processes, best_python.kept_processes)
            rows.append(PeerRow(workload, config, best_cpp, best_python, slower, book_figures(workload, config)))
    return rows


@dataclass(frozen=True)
class PythonSpeedup:
    """A Python model against the Python program its speedup rests on (py_serial) at the same problem."""

    bench: Benchmark
    serial: Benchmark
    speedup: stats.Estimate   # the reference's time / the model's, with its 95% interval


def python_speedups(run: Run) -> list[PythonSpeedup]:
    """For workloads whose Python models rest on a Python reference (py_serial): every other Python
    model's speedup over it, where the GIL shows (threads stay at 1x on CPU work, processes do
    not). Waits overlapped are not a speedup, so request workloads are left out."""
    found = []
    for workload in run.workloads():
        if run.catalog.workload(workload).overlap:
            continue
        for bench in run.ok(workload):
            facts = run.facts(bench)
            reference = facts.reference
            if not facts.python or not reference or not run.catalog.is_python(workload, reference):
                continue
            serial = next((b for b in run.ok(workload) if b.model == reference and b.problem == bench.problem), None)
            if serial is None or serial is bench:
                continue
            speedup = stats.ratio_estimate(bench.kept_times_s or (bench.time_s,), serial.kept_times_s or (serial.time_s,),
                                           bench.kept_processes, serial.kept_processes)
            found.append(PythonSpeedup(bench, serial, speedup))
    return found
