"""Loading and analysis of concbench results (Google Benchmark JSON) for report.py and compare.py.

Everything here is a pure function of the parsed JSON, so the numbers a report shows (speedup,
efficiency, ratios, geometric means, U-test verdicts) are tested against fixture files.
"""

from __future__ import annotations

import json
import math
import re
import statistics
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable

from . import stats

TIME_UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}

# Name parts that Google Benchmark appends itself; they are not concbench arguments.
GBENCH_NAME_FLAGS = {"real_time", "manual_time", "process_time"}
GBENCH_NAME_KEYS = {"iterations", "repeats", "threads", "min_time", "min_warmup_time"}

# Entry fields that are bookkeeping, not counters.
GBENCH_FIELDS = {"family_index", "per_family_instance_index", "repetitions", "repetition_index",
                 "threads", "iterations", "real_time", "cpu_time", "concbench_process", "concbench_round"}

# Arguments that say how much parallelism was used rather than which problem was solved.
PARALLELISM_ARGS = ("workers", "concurrency")

# Workloads whose serial reference is N requests x L latency rather than a measured serial run.
LATENCY_WORKLOADS = ("latency", "http")

# The last name argument of an open-loop entry: requests on a fixed schedule of `rate` per second
# (wrk2's -R), each request's latency counted from its intended start. Its time is the schedule's
# length, not the model's speed, so it has no speedup and no place in a ranking by time.
OPEN_LOOP_ARG = "rate"

# A repetition during which other programs or the hypervisor used more than this many CPUs'
# worth of time (other_cpus, steal_cpus) is flagged as interfered with.
INTERFERENCE_CPUS = 0.2

# compare.py calls a change faster/slower only when its whole 95% interval lies beyond this
# relative threshold (criterion.rs's noise threshold), or beyond the runs' own drift if larger.
NOISE_THRESHOLD = 0.05


# The course's own Python programs are models named py_<name> (workloads/<w>/py_<name>.py).
PYTHON_PREFIX = "py_"


def is_python(model: str) -> bool:
    return model.startswith(PYTHON_PREFIX)


class ResultsError(Exception):
    """Input that cannot be turned into a report; the message is one line for the user."""


@dataclass(frozen=True)
class Benchmark:
    """One benchmark of one run, with its values (repetitions) from all its processes gathered."""

    name: str                      # Google Benchmark's run_name, the key across runs
    workload: str
    model: str
    args: dict                     # named arguments in name order, e.g. {"n": 200000000, "workers": 2}
    times_s: tuple = ()            # real seconds per iteration, one per value
    cpu_times_s: tuple = ()
    counters: dict = field(default_factory=dict)   # counter name -> per-value values (None where missing)
    processes: tuple = ()          # the process that measured each value (None: not recorded)
    interfered: tuple = ()         # whether other programs took a share of the CPUs during each value
    repetitions: int = 1
    error: str | None = None
    aggregate_time_s: float | None = None          # median aggregate, used when repetitions were not written
    aggregate_cv: float | None = None

    @property
    def label(self) -> str:
        """The name without Google Benchmark's own suffixes, e.g. cpu_sum/tbb/n:200000000/workers:2."""
        return "/".join([self.workload, self.model] + [f"{k}:{format_arg(v)}" for k, v in self.args.items()])

    @property
    def args_label(self) -> str:
        return " ".join(f"{k}={format_arg(v)}" for k, v in self.args.items())

    @property
    def ok(self) -> bool:
        return self.error is None and (bool(self.times_s) or self.aggregate_time_s is not None)

    @cached_property
    def kept(self) -> tuple:
        """Indices of the values the numbers rest on: those no other program interfered with, as
        long as at least MIN_UNITS processes' worth and half of all values remain; else all."""
        every = tuple(range(len(self.times_s)))
        clean = tuple(i for i in every if not (self.interfered and self.interfered[i]))
        groups = {self.processes[i] if self.processes else i for i in clean}
        return clean if len(groups) >= stats.MIN_UNITS and 2 * len(clean) >= len(every) else every

    @property
    def excluded(self) -> int:
        """Values left out of the numbers because other programs interfered with them."""
        return len(self.times_s) - len(self.kept)

    @property
    def kept_times_s(self) -> tuple:
        return tuple(self.times_s[i] for i in self.kept)

    @property
    def kept_processes(self) -> tuple | None:
        return tuple(self.processes[i] for i in self.kept) if self.processes else None

    @property
    def units(self) -> int:
        """Independent measurements behind the numbers: processes, or values where not recorded."""
        return len(set(self.kept_processes)) if self.kept_processes else len(self.kept)

    @property
    def time_s(self) -> float:
        """Median real time per iteration in seconds over the kept values (robust to one slow one)."""
        if self.times_s:
            return statistics.median(self.kept_times_s)
        if self.aggregate_time_s is not None:
            return self.aggregate_time_s
        raise ValueError(f"{self.name} has no time")

    @cached_property
    def time_estimate(self) -> stats.Estimate:
        """The median time with its 95% interval over the processes."""
        if not self.times_s:
            return stats.Estimate(self.time_s, None, None, 1)
        return stats.median_estimate(self.kept_times_s, self.kept_processes)

    @property
    def cv(self) -> float | None:
        """Coefficient of variation of the kept values (sample stddev / mean), None without repetitions."""
        times = self.kept_times_s
        if len(times) >= 2:
            mean = statistics.mean(times)
            return statistics.stdev(times) / mean if mean > 0 else None
        return self.aggregate_cv

    def counter_values(self, key: str) -> list:
        """The counter's kept values, aligned with kept_times_s (None where an entry lacks it)."""
        values = self.counters.get(key)
        if not values:
            return []
        if len(values) != len(self.times_s):      # aggregates-only files: one central value
            return list(values)
        return [values[i] for i in self.kept]

    def counter(self, key: str) -> float | None:
        values = [v for v in self.counter_values(key) if v is not None]
        return statistics.median(values) if values else None

    def per_value_ratio(self, numerator: str) -> stats.Estimate | None:
        """counter / time for each value (a paired ratio: both measured in the same repetition),
        as a median with its interval over the processes; None when values lack the counter."""
        values = self.counter_values(numerator)
        if not values or len(values) != len(self.kept_times_s) or any(v is None for v in values):
            return None
        ratios = [v / t for v, t in zip(values, self.kept_times_s)]
        return stats.median_estimate(ratios, self.kept_processes)

    def arg(self, key: str, default=None):
        return self.args.get(key, default)

    @property
    def workers(self) -> float | None:
        value = self.counter("workers")
        return value if value is not None else self.args.get("workers")


@dataclass
class Run:
    """One run of the suite: its context and its benchmarks keyed by name (possibly merged from parts)."""

    context: dict
    benchmarks: dict
    sources: tuple = ()
    contexts: tuple = ()

    def all(self, workload: str | None = None) -> list[Benchmark]:
        return [b for b in self.benchmarks.values() if workload is None or b.workload == workload]

    def ok(self, workload: str | None = None) -> list[Benchmark]:
        return [b for b in self.all(workload) if b.ok]

    def failed(self) -> list[Benchmark]:
        return [b for b in self.all() if not b.ok]

    def workloads(self) -> list[str]:
        return list(dict.fromkeys(b.workload for b in self.benchmarks.values()))

    @property
    def repetitions(self) -> int:
        return max((len(b.times_s) or b.repetitions for b in self.ok()), default=0)


# ----------------------------------------------------------------------------- loading

def format_arg(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_arg_value(text: str):
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return text


def parse_benchmark_name(name: str) -> tuple[str, str, dict]:
    """Splits `<workload>/<model>/<arg>:<value>/.../real_time` into workload, model and args."""
    parts = name.split("/")
    workload = parts[0]
    model = parts[1] if len(parts) > 1 and ":" not in parts[1] else ""
    args = {}
    for position, part in enumerate(parts[2 if model else 1:], start=2 if model else 1):
        if part in GBENCH_NAME_FLAGS:
            continue
        key, sep, value = part.partition(":")
        if not sep:
            args[f"arg{position}"] = parse_arg_value(part)   # an unnamed Arg(), kept rather than dropped
        elif key not in GBENCH_NAME_KEYS:
            args[key] = parse_arg_value(value)
    return workload, model, args


def _entry_seconds(entry: dict, key: str, where: str) -> float:
    unit = entry.get("time_unit", "ns")
    if unit not in TIME_UNIT_SECONDS:
        raise ResultsError(f"{where}: unknown time_unit {unit!r}")
    return float(entry[key]) * TIME_UNIT_SECONDS[unit]


def _positive_seconds(entry: dict, key: str, where: str) -> float:
    """A measured time: finite and above zero, or the file is broken."""
    seconds = _entry_seconds(entry, key, where)
    if not (math.isfinite(seconds) and seconds > 0):
        raise ResultsError(f"{where}: {key} is {entry[key]} (a time must be a finite number above 0)")
    return seconds


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def run_from_json(data, source: str) -> Run:
    """Builds a Run from parsed Google Benchmark JSON; raises ResultsError when it is not such output."""
    if not isinstance(data, dict) or not isinstance(data.get("benchmarks"), list) \
            or not isinstance(data.get("context"), dict):
        raise ResultsError(f"{source}: not Google Benchmark JSON (needs 'context' and 'benchmarks')")
    grouped: dict[str, dict] = {}
    for index, entry in enumerate(data["benchmarks"]):
        where = f"{source}: benchmark entry {index}"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) \
                or not _is_number(entry.get("real_time")):
            raise ResultsError(f"{where}: not Google Benchmark output (needs 'name' and 'real_time')")
        key = entry.get("run_name") or entry["name"]
        group = grouped.setdefault(key, {"iterations": [], "aggregates": {}})
        if entry.get("run_type", "iteration") == "aggregate":
            group["aggregates"][entry.get("aggregate_name", "")] = entry
        else:
            group["iterations"].append(entry)
    if not grouped:
        raise ResultsError(f"{source}: contains no benchmarks")
    benchmarks = {name: _benchmark_from_entries(name, group, source) for name, group in grouped.items()}
    return Run(context=data["context"], benchmarks=benchmarks, sources=(source,), contexts=(data["context"],))


# Counters that are a duration, a count of workers or a ratio to an ideal: zero or below is
# impossible, so it means a broken file rather than a fast machine.
POSITIVE_COUNTERS = {"ideal_s", "serial_s", "workers", "efficiency", "work_s", "item_work_s"}
# Per-request latencies and request rates: zero is possible (an empty set reports zeros), below zero is not.
NON_NEGATIVE_COUNTERS = {"latency_p50_s", "latency_p90_s", "latency_p99_s", "latency_p999_s", "latency_max_s",
                         "latency_p99_first_s", "latency_p99_last_s", "offered_rate", "achieved_rate"}


def _counters(entry: dict, where: str = "") -> dict:
    counters = {}
    for key, value in entry.items():
        if key in GBENCH_FIELDS or not _is_number(value):
            continue
        if not math.isfinite(value):
            raise ResultsError(f"{where}: counter {key} is {value} (not a finite number)")
        if key in POSITIVE_COUNTERS and value <= 0:
            raise ResultsError(f"{where}: counter {key} is {value:g} (must be above 0)")
        if key in NON_NEGATIVE_COUNTERS and value < 0:
            raise ResultsError(f"{where}: counter {key} is {value:g} (must be 0 or above)")
        counters[key] = float(value)
    return counters


def _benchmark_from_entries(name: str, group: dict, source: str) -> Benchmark:
    workload, model, args = parse_benchmark_name(name)
    iterations, aggregates = group["iterations"], group["aggregates"]
    # Google Benchmark 1.7 marks SkipWithError with error_occurred; 1.8 and later with skipped.
    errors = [e.get("error_message") or e.get("skip_message") or "error" for e in iterations
              if e.get("error_occurred") or e.get("skipped")]
    repetitions = max([int(e.get("repetitions", 1)) for e in iterations + list(aggregates.values())] or [1])
    common = dict(name=name, workload=workload, model=model, args=args, repetitions=repetitions)
    if errors:
        return Benchmark(error=errors[0], **common)
    where = f"{source}: {name}"
    if iterations:
        counters: dict[str, list] = {}
        for index, entry in enumerate(iterations):
            for key, value in _counters(entry, where).items():
                counters.setdefault(key, [None] * len(iterations))[index] = value
        processes = tuple(e.get("concbench_process") for e in iterations)
        return Benchmark(times_s=tuple(_positive_seconds(e, "real_time", where) for e in iterations),
                         cpu_times_s=tuple(_entry_seconds(e, "cpu_time", where) for e in iterations
                                           if _is_number(e.get("cpu_time"))),
                         counters={k: tuple(v) for k, v in counters.items()},
                         processes=processes if any(p is not None for p in processes) else (),
                         interfered=tuple(bool(e.get("concbench_interfered")) for e in iterations), **common)
    # --benchmark_report_aggregates_only: no samples, so no U test, but times and counters remain.
    central = aggregates.get("median") or aggregates.get("mean")
    if central is None:
        raise ResultsError(f"{where}: has neither repetitions nor a mean/median aggregate")
    cv_entry = aggregates.get("cv")
    return Benchmark(aggregate_time_s=_positive_seconds(central, "real_time", where),
                     aggregate_cv=float(cv_entry["real_time"]) if cv_entry else None,
                     counters={k: (v,) for k, v in _counters(central, where).items()}, **common)


def load_run(path) -> Run:
    """Reads one Google Benchmark JSON file; every failure becomes a one-line ResultsError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ResultsError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ResultsError(f"{path}: is a directory, not a JSON file") from None
    except UnicodeDecodeError:
        raise ResultsError(f"{path}: not JSON (binary content)") from None
    except OSError as error:
        raise ResultsError(f"{path}: cannot read ({error.strerror})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise ResultsError(f"{path}: not valid JSON, truncated? ({error.msg.lower()}: {where})") from None
    return run_from_json(data, str(path))


def merge_runs(runs: list[Run]) -> Run:
    """Merges runs of one suite done in parts; a later run wins on a duplicate benchmark name."""
    benchmarks: dict = {}
    for run in runs:
        benchmarks.update(run.benchmarks)
    return Run(context=runs[0].context, benchmarks=benchmarks,
               sources=tuple(s for r in runs for s in r.sources),
               contexts=tuple(c for r in runs for c in r.contexts))


# ----------------------------------------------------------------------------- machine and noise

def context_number(context: dict, key: str) -> float | None:
    """Reads a number from the context, where AddCustomContext stores everything as strings."""
    value = context.get(key)
    if _is_number(value):
        return float(value)
    if isinstance(value, str):
        match = re.search(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", value)
        if match:
            return float(match.group())
    return None


def cores(context: dict) -> int:
    """Cores that could run CPU work in parallel: physical cores (else hardware threads), no more
    than the CPUs the run was allowed to use (scripts/bench --cpus pins it with taskset)."""
    count = None
    for key in ("physical_cores", "hardware_threads", "num_cpus"):
        value = context_number(context, key)
        if value and value > 0:
            count = int(value)
            break
    usable = context_number(context, "usable_cpus")
    if usable and usable > 0:
        count = min(count, int(usable)) if count else int(usable)
    return count or 1


def hardware_threads(context: dict) -> int:
    for key in ("hardware_threads", "num_cpus"):
        value = context_number(context, key)
        if value and value > 0:
            return int(value)
    return cores(context)


def format_bytes(count: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(count) < 1024 or unit == "TiB":
            return f"{count:.0f} {unit}" if unit == "B" or float(count).is_integer() else f"{count:.1f} {unit}"
        count /= 1024
    return ""


def format_caches(context: dict) -> str:
    """Caches the way Google Benchmark prints them: `L1 Data 32 KiB (x2)`."""
    caches = context.get("caches")
    if not isinstance(caches, list):
        return ""
    cpus = context_number(context, "num_cpus") or 0
    parts = []
    for cache in caches:
        if not isinstance(cache, dict):
            continue
        kind = {"Data": " Data", "Instruction": " Instruction"}.get(cache.get("type"), "")
        text = f"L{cache.get('level', '?')}{kind} {format_bytes(float(cache.get('size', 0)))}"
        sharing = cache.get("num_sharing") or 0
        if cpus and sharing:
            text += f" (x{int(cpus // sharing)})"
        parts.append(text)
    return ", ".join(parts)


def format_load(load) -> str:
    if isinstance(load, list):
        return " ".join(f"{float(v):.2f}" for v in load if _is_number(v))
    return str(load) if load is not None else ""


def library_versions(context: dict) -> str:
    names = [("boost_version", "Boost"), ("tbb_version", "oneTBB"), ("openmp_version", "OpenMP"),
             ("benchmark_version", "Google Benchmark")]
    return ", ".join(f"{label} {context[key]}" for key, label in names if context.get(key))


MACHINE_FIELDS = ("Host", "CPU", "Cores", "Caches", "RAM", "OS", "Kernel", "Compiler", "Flags", "Build type",
                  "Libraries", "CPU governor", "CPU scaling", "Load average", "Suite", "Commit", "Date")


def machine_table(context: dict) -> list[tuple[str, str]]:
    """Rows (field, value) describing the machine and build; empty values are left out."""
    physical, threads = context.get("physical_cores"), context.get("hardware_threads") or context.get("num_cpus")
    usable = context_number(context, "usable_cpus")
    pinned = context.get("concbench_cpus")
    core_text = ", ".join(t for t in (
        f"{physical} physical cores" if physical else "",
        f"{threads} hardware threads" if threads else "",
        f"{usable:.0f} usable" + (f" (pinned to CPUs {pinned})" if pinned and pinned != "all" else "")
        if usable and threads and usable < float(threads) else "") if t)
    mhz = context_number(context, "mhz_per_cpu")
    ram = context_number(context, "ram_bytes")
    scaling = context.get("cpu_scaling_enabled")
    rows = [
        ("Host", context.get("hostname") or context.get("host_name", "")),
        ("CPU", " ".join(t for t in (str(context.get("cpu_model", "")), f"({mhz:.0f} MHz)" if mhz else "") if t)),
        ("Cores", core_text),
        ("Caches", format_caches(context)),
        ("RAM", format_bytes(ram) if ram else ""),
        ("OS", context.get("os", "")),
        ("Kernel", context.get("kernel", "")),
        ("Compiler", context.get("compiler", "")),
        ("Flags", context.get("compiler_flags", "")),
        ("Build type", " ".join(t for t in (str(context.get("build_type", "")),
                                            f"(libbenchmark: {context['library_build_type']})"
                                            if context.get("library_build_type") else "") if t)),
        ("Libraries", library_versions(context)),
        ("CPU governor", context.get("cpu_governor", "")),
        ("CPU scaling", "" if scaling is None else ("enabled" if scaling else "disabled")),
        ("Load average", " / ".join(t for t in (format_load(context.get("load_avg")) + " at start"
                                                if context.get("load_avg") else "",
                                                format_load(context['load_avg_end']) + " at end"
                                                if context.get("load_avg_end") else "") if t)),
        ("Suite", context.get("concbench_suite", "")),
        ("Commit", context.get("concbench_commit", "")),
        ("Date", context.get("date", "")),
    ]
    return [(key, str(value)) for key, value in rows if value not in ("", None)]


def first_load(value) -> float | None:
    if isinstance(value, list) and value and _is_number(value[0]):
        return float(value[0])
    if isinstance(value, str):
        return context_number({"v": value}, "v")
    return None


@dataclass(frozen=True)
class Note:
    level: str     # "warning" or "note"
    text: str


# ----------------------------------------------------------------------------- speedup and efficiency

def problem_key(bench: Benchmark) -> tuple:
    """The arguments that define the problem, i.e. all but the amount of parallelism."""
    return tuple((k, v) for k, v in bench.args.items() if k not in PARALLELISM_ARGS)


def config_key(bench: Benchmark) -> tuple:
    return tuple(bench.args.items())


def is_latency_like(bench: Benchmark) -> bool:
    return bench.workload in LATENCY_WORKLOADS and "requests" in bench.args and "delay_ms" in bench.args


def is_open_loop(bench: Benchmark) -> bool:
    """Requests on a fixed schedule (a `rate` argument) rather than as fast as lanes free up."""
    return OPEN_LOOP_ARG in bench.args


def closed_loop(benchmarks: Iterable[Benchmark]) -> list[Benchmark]:
    """The benchmarks whose time is the model's own: every one but the open-loop entries."""
    return [b for b in benchmarks if not is_open_loop(b)]


def serial_reference_s(run: Run, bench: Benchmark) -> float | None:
    """Time one thread doing the same work one item after another would take.

    For latency-bound workloads that is N requests x L seconds; otherwise the measured serial
    model at the same problem arguments (serial ignores workers; workers:1 is preferred). None for
    an open loop, whose time is its schedule's.
    """
    if is_open_loop(bench):
        return None
    if is_latency_like(bench):
        return bench.args["requests"] * bench.args["delay_ms"] / 1e3
    serial = serial_entry(run, bench)
    return serial.time_s if serial else None


def speedup_estimate(run: Run, bench: Benchmark) -> stats.Estimate | None:
    """Serial time / model time with its 95% interval.

    Latency-bound workloads: N requests × L over the model's time. Entries that carry their own
    serial baseline (`serial_s`, measured beside each repetition): the median of the paired
    per-repetition ratios. Otherwise the serial model's entry at the same problem, as a ratio of
    two independent samples. None for an open loop: every model that keeps up takes the schedule's time.
    """
    if not bench.ok or is_open_loop(bench):
        return None
    if is_latency_like(bench):
        return bench.time_estimate.inverse(bench.args["requests"] * bench.args["delay_ms"] / 1e3)
    paired = bench.per_value_ratio("serial_s")
    if paired is not None:
        return paired
    serial = serial_entry(run, bench)
    if serial is None or not serial.times_s or not bench.times_s:
        reference = serial_reference_s(run, bench)
        return stats.Estimate(reference / bench.time_s, None, None, 1) if reference else None
    return stats.ratio_estimate(bench.kept_times_s, serial.kept_times_s, bench.kept_processes, serial.kept_processes)


def speedup(run: Run, bench: Benchmark) -> float | None:
    estimate = speedup_estimate(run, bench)
    return estimate.value if estimate else None


def serial_entry(run: Run, bench: Benchmark) -> Benchmark | None:
    """The serial model's entry at the same problem arguments (workers:1 preferred), if any."""
    candidates = [b for b in run.ok(bench.workload) if b.model == "serial" and problem_key(b) == problem_key(bench)]
    candidates.sort(key=lambda b: (b.arg("workers", 1) != 1, b.arg("workers", 1)))
    return candidates[0] if candidates else None


def ideal_s(run: Run, bench: Benchmark) -> float | None:
    """The limit the benchmark states (median of its ideal_s counter), else the one its workload
    implies: ⌈N/C⌉ × L for latency, serial / min(workers, cores) for cpu_sum."""
    stated = bench.counter("ideal_s")
    if stated:
        return stated
    if is_open_loop(bench):          # ⌈N/C⌉ × L is not its limit: the schedule is
        return None
    if is_latency_like(bench) and bench.arg("concurrency"):
        return math.ceil(bench.args["requests"] / bench.args["concurrency"]) * bench.args["delay_ms"] / 1e3
    if bench.workload == "cpu_sum":
        reference = serial_reference_s(run, bench)
        workers = bench.workers or 1
        if reference:
            return reference / min(workers, cores(run.context))
    return None


def efficiency_estimate(run: Run, bench: Benchmark) -> stats.Estimate | None:
    """Ideal / measured time with its 95% interval: 1.0 is the limit, 0.5 twice as slow.

    Each repetition states its own ideal (from the baseline measured beside it, or from N, C and
    L), so this is the median of the paired per-repetition ratios.
    """
    if not bench.ok:
        return None
    paired = bench.per_value_ratio("ideal_s")
    if paired is not None:
        return paired
    ideal = ideal_s(run, bench)
    if ideal:
        return bench.time_estimate.inverse(ideal)
    stated = bench.counter("efficiency")
    return stats.Estimate(stated, None, None, 1) if stated is not None else None


def efficiency(run: Run, bench: Benchmark) -> float | None:
    estimate = efficiency_estimate(run, bench)
    return estimate.value if estimate else None


def speedup_limit(run: Run, bench: Benchmark) -> float | None:
    """The largest speedup physics allows this benchmark: serial / ideal (min(workers, cores) for
    CPU work, less where a model uses one thread or two big jobs bound it)."""
    if is_open_loop(bench):
        return None
    ideal = ideal_s(run, bench)
    if is_latency_like(bench):
        return bench.args["requests"] * bench.args["delay_ms"] / 1e3 / ideal if ideal else None
    serial = bench.counter("serial_s") or serial_reference_s(run, bench)
    if serial and ideal:
        return serial / ideal
    return None


@dataclass(frozen=True)
class Anomaly:
    """A value beyond the physical limit by more than its interval: a flaw in the measurement."""

    bench: Benchmark
    what: str              # "efficiency" or "speedup"
    estimate: stats.Estimate
    limit: float
    cause: str


def likely_cause(bench: Benchmark) -> str:
    """What most likely put a value beyond its limit, from what the entry recorded."""
    interfered = sum(1 for i in bench.kept if bench.interfered and bench.interfered[i])
    if interfered:
        return f"other programs took CPU time during {interfered} of its {len(bench.kept)} repetitions"
    drifts = [abs(v) for v in bench.counter_values("baseline_drift") if v is not None]
    if drifts and max(drifts) > 0.1:
        return (f"the machine's speed changed by up to {max(drifts):.0%} between the serial baseline before and "
                "after a repetition")
    if bench.model in ("process", "redis"):
        return ("its work runs in another executable (concbench_worker), where the same kernel can run faster "
                "than in concbench because of where the linker placed it")
    return "the serial baseline ran slower than the model's own serial work (a slow spell during the baseline?)"


# How exactly a paired baseline matches the timed loop it brackets: the serial model, timed
# against its own baseline, lands between 0.97 and 1.01 on the development VM (five runs), so
# an excess of up to 3% over a limit is within the baseline's own accuracy, not beyond physics.
BASELINE_ACCURACY = 0.03


def anomalies(run: Run) -> list[Anomaly]:
    """Every efficiency above 100% and speedup above its limit whose whole interval lies beyond it
    by more than the baseline's accuracy."""
    found = []
    for bench in run.ok():
        eff = efficiency_estimate(run, bench)
        if eff is not None and eff.above(1.0 + BASELINE_ACCURACY):
            found.append(Anomaly(bench, "efficiency", eff, 1.0, likely_cause(bench)))
            continue
        limit = speedup_limit(run, bench)
        speed = speedup_estimate(run, bench)
        if limit and speed is not None and speed.above(limit * (1 + BASELINE_ACCURACY)):
            found.append(Anomaly(bench, "speedup", speed, limit, likely_cause(bench)))
    return found


def throughput_per_s(bench: Benchmark) -> float | None:
    """Requests per second of a latency-like benchmark (requests / time per run)."""
    requests = bench.arg("requests")
    return requests / bench.time_s if requests and bench.ok else None


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


def headline_config(benchmarks: list[Benchmark], core_count: int | None = None) -> tuple:
    """The configuration with the most workers (with a core count, no more than the cores: more
    only add switching), then the one where most C++ models other than serial ran, the largest
    on ties. Python models (py_*) do not count: their sizes follow the interpreter's speed."""
    by_config: dict[tuple, set] = {}
    for bench in benchmarks:
        by_config.setdefault(config_key(bench), set()).add(bench.model)
    if core_count:
        within = {c: m for c, m in by_config.items() if dict(c).get("workers", 0) <= core_count}
        by_config = within or by_config

    def rank(item):
        config, models = item
        values = tuple(v if isinstance(v, (int, float)) else 0 for _, v in config)
        counted = {m for m in models if m != "serial" and not is_python(m)}
        return dict(config).get("workers", 0), len(counted), values
    return max(by_config.items(), key=rank)[0]


def summarize_workloads(run: Run) -> list[WorkloadSummary]:
    """For each workload, the fastest model at its headline configuration, and every model tied
    with it (time intervals that overlap): a tie is reported as a tie. A model whose speedup or
    efficiency is beyond physics (an anomaly) is not crowned while any other model remains."""
    summaries = []
    beyond = {a.bench.name for a in anomalies(run)}
    for workload in run.workloads():
        benchmarks = closed_loop(run.ok(workload))     # an open loop's time is its schedule's
        if not benchmarks:
            continue
        config = headline_config(benchmarks, cores(run.context))
        contenders = sorted((b for b in benchmarks if config_key(b) == config),
                            key=lambda b: (b.name in beyond, b.time_s))
        best = contenders[0]
        tied = tuple(b.model for b in contenders[1:]
                     if b.name not in beyond and b.time_estimate.overlaps(best.time_estimate))
        summaries.append(WorkloadSummary(
            workload=workload, config=dict(config), best=best, time=best.time_estimate,
            speedup=speedup_estimate(run, best), efficiency=efficiency_estimate(run, best), tied=tied,
            runner_up=contenders[1] if len(contenders) > 1 else None, models=len(contenders)))
    return summaries


def series_by_model(benchmarks: Iterable[Benchmark], x: Callable[[Benchmark], float | None],
                    y: Callable[[Benchmark], float | None]) -> dict[str, list[tuple[float, float]]]:
    """{model: [(x, y), ...] sorted by x}, leaving out points where x or y is unknown."""
    series: dict[str, list] = {}
    for bench in benchmarks:
        xv, yv = x(bench), y(bench)
        if xv is not None and yv is not None:
            series.setdefault(bench.model, []).append((xv, yv))
    return {model: sorted(points) for model, points in series.items()}


def fastest_per(benchmarks: Iterable[Benchmark], key: Callable[[Benchmark], object]) -> list[Benchmark]:
    """The fastest benchmark for each (model, key), e.g. a pool's best worker count at each concurrency."""
    fastest: dict[tuple, Benchmark] = {}
    for bench in benchmarks:
        slot = (bench.model, key(bench))
        if slot not in fastest or bench.time_s < fastest[slot].time_s:
            fastest[slot] = bench
    return list(fastest.values())


def group_by_args(benchmarks: Iterable[Benchmark], keys: Iterable[str]) -> dict[tuple, list[Benchmark]]:
    keys = tuple(keys)
    groups: dict[tuple, list] = {}
    for bench in benchmarks:
        groups.setdefault(tuple(bench.args.get(k) for k in keys), []).append(bench)
    return groups


def cpu_sum_speedups(run: Run) -> dict[int, dict[str, list[tuple[float, float]]]]:
    """{n: {model: [(workers, speedup)]}} for the parallel models of cpu_sum."""
    parallel = [b for b in run.ok("cpu_sum") if b.model != "serial"]
    return {n: series_by_model(group, lambda b: b.workers, lambda b: speedup(run, b))
            for (n,), group in sorted(group_by_args(parallel, ["n"]).items(), key=lambda item: item[0][0] or 0)}


def cpu_sum_times_by_n(run: Run) -> dict[str, list[tuple[float, float]]]:
    """{model: [(n, seconds)]}, each model at the most workers it ran with."""
    benchmarks = run.ok("cpu_sum")
    most_workers = {}
    for bench in benchmarks:
        most_workers[bench.model] = max(most_workers.get(bench.model, 0), bench.workers or 1)
    return series_by_model((b for b in benchmarks if (b.workers or 1) == most_workers[b.model]),
                           lambda b: b.arg("n"), lambda b: b.time_s)


def extra_counters(benchmarks: Iterable[Benchmark]) -> list[str]:
    """Counters beyond the standard ones, in order of appearance, for generic tables."""
    standard = {"workers", "ideal_s", "efficiency"}
    return list(dict.fromkeys(k for b in benchmarks for k in b.counters if k not in standard))


# ----------------------------------------------------------------------------- comparison

def geometric_mean(values: Iterable[float]) -> float | None:
    values = [v for v in values if v and v > 0]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else None


@dataclass(frozen=True)
class Comparison:
    """One benchmark present in both runs; ratio = contender time / baseline time (< 1: contender faster)."""

    baseline: Benchmark
    contender: Benchmark
    estimate: stats.Estimate       # the ratio's median and 95% interval
    verdict: str

    @property
    def ratio(self) -> float:
        return self.estimate.value

    @property
    def name(self) -> str:
        return self.baseline.label

    @property
    def workload(self) -> str:
        return self.baseline.workload

    @property
    def model(self) -> str:
        return self.baseline.model


@dataclass
class RunComparison:
    comparisons: list
    only_in_baseline: list      # Benchmarks
    only_in_contender: list
    failed: list                # baseline Benchmarks present in both runs but failed in either
    threshold: float = NOISE_THRESHOLD
    p99: list = field(default_factory=list)    # Comparisons of p99 latency rather than time, where both have it

    def by_workload(self) -> dict[str, list[Comparison]]:
        groups: dict[str, list] = {}
        for comparison in self.comparisons:
            groups.setdefault(comparison.workload, []).append(comparison)
        return groups

    def geomean_by_workload(self) -> dict[str, float]:
        return {w: geometric_mean(c.ratio for c in group) for w, group in self.by_workload().items()}

    def geomean(self) -> float | None:
        return geometric_mean(c.ratio for c in self.comparisons)

    def geomean_by_workload_and_model(self) -> dict[tuple[str, str], float]:
        groups: dict[tuple, list] = {}
        for comparison in self.comparisons:
            groups.setdefault((comparison.workload, comparison.model), []).append(comparison.ratio)
        return {key: geometric_mean(ratios) for key, ratios in groups.items()}

    def verdict_counts(self, workload: str | None = None) -> dict[str, int]:
        counts = dict.fromkeys(stats.VERDICTS, 0)
        for comparison in self.comparisons:
            if workload is None or comparison.workload == workload:
                counts[comparison.verdict] += 1
        return counts


def run_drift(run: Run) -> float | None:
    """How much the machine's speed drifted during the run, as the stability probe saw it."""
    probe = run.context.get("concbench_probe")
    drift = probe.get("drift") if isinstance(probe, dict) else None
    return float(drift) if _is_number(drift) else None


def noise_threshold(baseline: Run, contender: Run, floor: float = NOISE_THRESHOLD) -> float:
    """The smallest change a comparison of these two runs calls one: the floor, or the larger of the
    runs' own drift (a machine that changes speed by 8% between quarter-seconds cannot resolve 5%)."""
    drifts = [d for d in (run_drift(baseline), run_drift(contender)) if d is not None]
    return max([floor] + drifts)


def compare_runs(baseline: Run, contender: Run, threshold: float | None = None) -> RunComparison:
    """Pairs the benchmarks of two runs by name; raises ResultsError when they share none.

    Each ratio B/A comes with a bootstrap interval over both runs' processes; the verdict says
    whether the interval lies beyond the noise threshold (stats.verdict). Benchmarks with per-request
    latencies on both sides are also compared by p99; open-loop ones only by p99.
    """
    common = [name for name in baseline.benchmarks if name in contender.benchmarks]
    if not common:
        raise ResultsError(f"{', '.join(baseline.sources)} and {', '.join(contender.sources)} "
                           "have no benchmark in common")
    threshold = noise_threshold(baseline, contender) if threshold is None else threshold
    comparisons, failed, p99 = [], [], []
    for name in common:
        a, b = baseline.benchmarks[name], contender.benchmarks[name]
        if not (a.ok and b.ok):
            failed.append(a if not a.ok else b)
            continue
        latency = counter_ratio_estimate(a, b, P99_COUNTER)
        if latency is not None:
            p99.append(Comparison(a, b, latency, stats.verdict(latency, threshold)))
        if is_open_loop(a):           # its time is the schedule's on either machine: only its p99 tells
            continue
        estimate = stats.ratio_estimate(a.kept_times_s or (a.time_s,), b.kept_times_s or (b.time_s,),
                                        a.kept_processes, b.kept_processes)
        comparisons.append(Comparison(a, b, estimate, stats.verdict(estimate, threshold)))
    return RunComparison(
        comparisons=comparisons,
        only_in_baseline=[b for n, b in baseline.benchmarks.items() if n not in contender.benchmarks],
        only_in_contender=[b for n, b in contender.benchmarks.items() if n not in baseline.benchmarks],
        failed=failed, threshold=threshold, p99=p99)


P99_COUNTER = "latency_p99_s"


def counter_ratio_estimate(a: Benchmark, b: Benchmark, counter: str) -> stats.Estimate | None:
    """B's counter / A's, medians over each side's processes with a bootstrap interval that resamples
    them, as for times; None unless both carry the counter above 0."""
    sides = []
    for bench in (a, b):
        values = bench.counter_values(counter)
        processes = bench.kept_processes if len(values) == len(bench.kept_times_s) else None
        pairs = [(v, processes[i] if processes else None) for i, v in enumerate(values) if v is not None]
        if not pairs or min(v for v, _ in pairs) <= 0:
            return None
        sides.append(([v for v, _ in pairs], [g for _, g in pairs] if processes else None))
    (a_values, a_groups), (b_values, b_groups) = sides
    return stats.ratio_estimate(a_values, b_values, a_groups, b_groups)


def run_label(run: Run) -> str:
    return str(run.context.get("hostname") or run.context.get("host_name") or Path(run.sources[0]).stem)


def unique_labels(runs: list[Run]) -> list[str]:
    """Host names, or file names where hosts repeat (two builds on one machine)."""
    labels = [run_label(r) for r in runs]
    if len(set(labels)) == len(labels):
        return labels
    labels = [Path(r.sources[0]).stem for r in runs]
    if len(set(labels)) == len(labels):
        return labels
    return [f"{label}#{i + 1}" for i, label in enumerate(labels)]


# ----------------------------------------------------------------------------- formatting

def three_digits(value: float) -> str:
    """Three significant digits, keeping trailing zeros: 1.00, 50.0, 505, 1234."""
    rounded = float(f"{value:.3g}")
    if rounded == 0:
        return "0"
    decimals = max(0, 2 - math.floor(math.log10(abs(rounded))))
    return f"{value:.{decimals}f}"


def format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if abs(seconds) >= scale * 0.9995 or unit == "ns":
            return f"{three_digits(seconds / scale)} {unit}"
    return ""


def format_factor(value: float | None) -> str:
    return "–" if value is None else f"{three_digits(value)}×"


def format_percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def format_interval(estimate: stats.Estimate | None, single: Callable[[float], str]) -> str:
    """'1.96× (1.90–2.01)', '10.1 ms (9.98–10.2)': the value and its 95% interval, each formatted
    by `single`; the interval drops a unit it shares with the value, and keeps one that differs."""
    if estimate is None:
        return "–"
    value, low, high = single(estimate.value), single(estimate.low) if estimate.has_interval else None, \
        single(estimate.high) if estimate.has_interval else None
    if low is None or low == high:
        return value

    def split(text):
        number = re.match(r"^[-+0-9.,]+", text)
        return (number.group(0), text[number.end():]) if number else (text, "")
    suffix = split(value)[1]
    if suffix and split(low)[1] == suffix and split(high)[1] == suffix:
        low, high = split(low)[0], split(high)[0]
    return f"{value} ({low}–{high})"
