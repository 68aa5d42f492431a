"""Google Benchmark JSON → Run: the first step of every script.

Every way a file can be wrong becomes a one-line ResultsError (report.py and compare.py print
it and exit 2): missing, unreadable, truncated, not Google Benchmark output, NaN or infinite
counters, times that are not above zero.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from .catalog import CatalogError, from_context
from .runs import Benchmark, ResultsError, Run

TIME_UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}

# Name parts that Google Benchmark appends itself; they are not concbench arguments.
GBENCH_NAME_FLAGS = {"real_time", "manual_time", "process_time"}
GBENCH_NAME_KEYS = {"iterations", "repeats", "threads", "min_time", "min_warmup_time"}

# Entry fields that are bookkeeping, not counters.
GBENCH_FIELDS = {"family_index", "per_family_instance_index", "repetitions", "repetition_index",
                 "threads", "iterations", "real_time", "cpu_time", "concbench_process", "concbench_round"}

# Counters that are a duration, a count of workers or a ratio to an ideal: zero or below is
# impossible, so it means a broken file rather than a fast machine.
POSITIVE_COUNTERS = {"ideal_s", "serial_s", "workers", "efficiency", "work_s", "item_work_s"}
# Per-request latencies and request rates: zero is possible (an empty set reports zeros), below zero is not.
NON_NEGATIVE_COUNTERS = {"latency_p50_s", "latency_p90_s", "latency_p99_s", "latency_p999_s", "latency_max_s",
                         "latency_p99_first_s", "latency_p99_last_s", "offered_rate", "achieved_rate"}


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


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


def entry_seconds(entry: dict, key: str, where: str) -> float:
    unit = entry.get("time_unit", "ns")
    if unit not in TIME_UNIT_SECONDS:
        raise ResultsError(f"{where}: unknown time_unit {unit!r}")
    return float(entry[key]) * TIME_UNIT_SECONDS[unit]


def positive_seconds(entry: dict, key: str, where: str) -> float:
    """A measured time: finite and above zero, or the file is broken."""
    seconds = entry_seconds(entry, key, where)
    if not (math.isfinite(seconds) and seconds > 0):
        raise ResultsError(f"{where}: {key} is {entry[key]} (a time must be a finite number above 0)")
    return seconds


def counters_of(entry: dict, where: str = "") -> dict:
    counters = {}
    for key, value in entry.items():
        if key in GBENCH_FIELDS or not is_number(value):
            continue
        if not math.isfinite(value):
            raise ResultsError(f"{where}: counter {key} is {value} (not a finite number)")
        if key in POSITIVE_COUNTERS and value <= 0:
            raise ResultsError(f"{where}: counter {key} is {value:g} (must be above 0)")
        if key in NON_NEGATIVE_COUNTERS and value < 0:
            raise ResultsError(f"{where}: counter {key} is {value:g} (must be 0 or above)")
        counters[key] = float(value)
    return counters


def run_from_json(data, source: str) -> Run:
    """Builds a Run from parsed Google Benchmark JSON; raises ResultsError when it is not such output."""
    if not isinstance(data, dict) or not isinstance(data.get("benchmarks"), list) \
            or not isinstance(data.get("context"), dict):
        raise ResultsError(f"{source}: not Google Benchmark JSON (needs 'context' and 'benchmarks')")
    grouped: dict[str, dict] = {}
    for index, entry in enumerate(data["benchmarks"]):
        where = f"{source}: benchmark entry {index}"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) \
                or not is_number(entry.get("real_time")):
            raise ResultsError(f"{where}: not Google Benchmark output (needs 'name' and 'real_time')")
        key = entry.get("run_name") or entry["name"]
        group = grouped.setdefault(key, {"iterations": [], "aggregates": {}})
        if entry.get("run_type", "iteration") == "aggregate":
            group["aggregates"][entry.get("aggregate_name", "")] = entry
        else:
            group["iterations"].append(entry)
    if not grouped:
        raise ResultsError(f"{source}: contains no benchmarks")
    try:
        catalog = from_context(data["context"])
    except CatalogError as error:
        raise ResultsError(f"{source}: {error}") from None
    benchmarks = {name: benchmark_from_entries(name, group, source) for name, group in grouped.items()}
    return Run(context=data["context"], benchmarks=benchmarks, sources=(source,), contexts=(data["context"],),
               catalog=catalog)


def benchmark_from_entries(name: str, group: dict, source: str) -> Benchmark:
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
            for key, value in counters_of(entry, where).items():
                counters.setdefault(key, [None] * len(iterations))[index] = value
        processes = tuple(e.get("concbench_process") for e in iterations)
        rounds = tuple(e.get("concbench_round") for e in iterations)
        return Benchmark(times_s=tuple(positive_seconds(e, "real_time", where) for e in iterations),
                         rounds=rounds if any(r is not None for r in rounds) else (),
                         cpu_times_s=tuple(entry_seconds(e, "cpu_time", where) for e in iterations
                                           if is_number(e.get("cpu_time"))),
                         counters={k: tuple(v) for k, v in counters.items()},
                         processes=processes if any(p is not None for p in processes) else (),
                         interfered=tuple(bool(e.get("concbench_interfered")) for e in iterations), **common)
    # --benchmark_report_aggregates_only: no samples, so no U test, but times and counters remain.
    central = aggregates.get("median") or aggregates.get("mean")
    if central is None:
        raise ResultsError(f"{where}: has neither repetitions nor a mean/median aggregate")
    cv_entry = aggregates.get("cv")
    return Benchmark(aggregate_time_s=positive_seconds(central, "real_time", where),
                     aggregate_cv=float(cv_entry["real_time"]) if cv_entry else None,
                     counters={k: (v,) for k, v in counters_of(central, where).items()}, **common)


def read_json(path) -> dict:
    """Parsed JSON of a file; every failure a one-line ResultsError."""
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
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise ResultsError(f"{path}: not valid JSON, truncated? ({error.msg.lower()}: {where})") from None


def load_run(path) -> Run:
    """Reads one Google Benchmark JSON file; every failure becomes a one-line ResultsError."""
    return run_from_json(read_json(path), str(path))


def merge_runs(runs: list[Run]) -> Run:
    """Merges runs of one suite done in parts; a later run wins on a duplicate benchmark name."""
    benchmarks: dict = {}
    catalog = runs[-1].catalog
    for run in runs:
        benchmarks.update(run.benchmarks)
    for run in reversed(runs[:-1]):
        catalog = catalog.merged(run.catalog)
    return Run(context=runs[0].context, benchmarks=benchmarks,
               sources=tuple(s for r in runs for s in r.sources),
               contexts=tuple(c for r in runs for c in r.contexts), catalog=catalog)
