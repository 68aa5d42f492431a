"""C++ against the course's own Python programs: at each case both ran, the fastest C++ model
beside the fastest Python model (models named py_<name>), and how many times slower Python is,
with the figures the course's books printed beside them, labelled as the book's.

Pure functions of a loaded run, so the report's "C++ vs Python" section is tested on fixtures.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import results, stats

from .results import PYTHON_PREFIX, is_python  # noqa: F401  (re-exported for charts)


@dataclass(frozen=True)
class BookFigure:
    """A time the course material printed for a case of ours: its programs, not ours, measured on
    the authors' machines with CPython of their day."""

    workload: str
    args: dict                # the case's arguments it matches (a subset of the benchmark's)
    what: str
    seconds: tuple            # one time, or the range the book gave for several programs

    def text(self) -> str:
        span = (results.format_seconds(self.seconds[0]) if len(self.seconds) == 1 else
                f"{results.format_seconds(min(self.seconds))}–{results.format_seconds(max(self.seconds))}")
        return f"{span} ({self.what}; the book's)"


BOOK_FIGURES = (
    BookFigure("seed_jobs", {"scale": 1}, "ThreadPoolExecutor.map(sum_generator, WORK_LIST), sum(range(1, n + 1))",
               (4.53,)),
    BookFigure("http", {"requests": 500, "delay_ms": 100, "concurrency": 1}, "the serial crawler", (52.9,)),
    BookFigure("http", {"requests": 500, "delay_ms": 100, "concurrency": 100}, "tornado, gevent, aiohttp",
               (0.651, 0.751, 0.843)),
)


@dataclass(frozen=True)
class PeerRow:
    workload: str
    config: tuple             # the case: every argument, as results.config_key gives it
    cpp: results.Benchmark    # the fastest C++ model there
    python: results.Benchmark  # the fastest Python model there
    slower: stats.Estimate    # Python's time / C++'s time, with its 95% interval
    book: tuple               # BookFigures that describe this case

    @property
    def case(self) -> str:
        return ", ".join(f"{k}={results.format_arg(v)}" for k, v in self.config)


def book_figures(workload: str, config: tuple) -> tuple:
    """The book's figures for exactly this problem: every argument of the figure matches, and the
    case has no problem argument the figure lacks (seed_jobs at divisor:10 is not the book's list)."""
    args = dict(config)
    return tuple(f for f in BOOK_FIGURES if f.workload == workload
                 and all(args.get(k) == v for k, v in f.args.items())
                 and all(k in f.args for k in args if k not in results.PARALLELISM_ARGS))


def cpp_vs_python(run: results.Run) -> list[PeerRow]:
    """Every case (the same workload and arguments) where both a C++ and a Python model ran, in
    workload order; CPU cases only with no more workers than cores, where a speedup is real; no
    open loop, where every model that keeps up takes the schedule's time."""
    core_count = results.cores(run.context)
    rows = []
    for workload in run.workloads():
        cases: dict[tuple, list] = {}
        for bench in results.closed_loop(run.ok(workload)):
            if bench.arg("workers") is not None and bench.arg("workers") > core_count:
                continue
            cases.setdefault(results.config_key(bench), []).append(bench)
        for config, group in cases.items():
            cpp = [b for b in group if not is_python(b.model)]
            python = [b for b in group if is_python(b.model)]
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
    """A Python model against the course's serial Python program at the same problem."""

    bench: results.Benchmark
    serial: results.Benchmark
    speedup: stats.Estimate   # py_serial's time / the model's, with its 95% interval


def python_speedups(run: results.Run, serial_model: str = PYTHON_PREFIX + "serial") -> list[PythonSpeedup]:
    """For CPU workloads with a py_serial row: every other Python model's speedup over it, where
    the GIL shows (threads stay at 1x on CPU work, processes do not)."""
    found = []
    for workload in run.workloads():
        serials = {results.problem_key(b): b for b in run.ok(workload) if b.model == serial_model}
        for bench in run.ok(workload):
            serial = serials.get(results.problem_key(bench))
            if serial is None or bench is serial or not is_python(bench.model) or results.is_latency_like(bench):
                continue
            speedup = stats.ratio_estimate(bench.kept_times_s or (bench.time_s,), serial.kept_times_s or (serial.time_s,),
                                           bench.kept_processes, serial.kept_processes)
            found.append(PythonSpeedup(bench, serial, speedup))
    return found
