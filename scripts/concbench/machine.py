"""The machine a run was measured on, and how much it drifted: read from the run's context.

Google Benchmark's AddCustomContext stores everything as strings, so numbers are parsed here;
the fields concbench adds (usable_cores, the stability probe, the pinning) come from C++ and
scripts/bench, and nothing here works them out again.
"""

from __future__ import annotations

import re
from pathlib import Path

from .formatting import format_bytes
from .load import is_number
from .runs import Run

def context_number(context: dict, key: str) -> float | None:
    """Reads a number from the context, where AddCustomContext stores everything as strings."""
    value = context.get(key)
    if is_number(value):
        return float(value)
    if isinstance(value, str):
        match = re.search(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", value)
        if match:
            return float(match.group())
    return None


def cores(context: dict) -> int:
    """Cores that could run CPU work in parallel, as concbench states them (`usable_cores`: physical
    cores, no more than the CPUs it was allowed to use). Runs written before it stated them: the
    same from physical cores (else hardware threads) and usable CPUs."""
    stated = context_number(context, "usable_cores")
    if stated and stated > 0:
        return int(stated)
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
        return " ".join(f"{float(v):.2f}" for v in load if is_number(v))
    return str(load) if load is not None else ""


def first_load(value) -> float | None:
    if isinstance(value, list) and value and is_number(value[0]):
        return float(value[0])
    if isinstance(value, str):
        return context_number({"v": value}, "v")
    return None


def library_versions(context: dict) -> str:
    names = [("boost_version", "Boost"), ("tbb_version", "oneTBB"), ("openmp_version", "OpenMP"),
             ("benchmark_version", "Google Benchmark")]
    return ", ".join(f"{label} {context[key]}" for key, label in names if context.get(key))


MACHINE_FIELDS = ("Host", "CPU", "Cores", "Caches", "RAM", "OS", "Kernel", "Compiler", "Flags", "Build type",
                  "Libraries", "Python", "CPU governor", "CPU scaling", "Load average", "Suite", "Commit", "Command",
                  "Date")


def python_versions(context: dict) -> str:
    """Python and the course's libraries, as the run asked /usr/bin/python3: `3.11.2 (aiohttp 3.8.4, ...)`."""
    found = context.get("concbench_python")
    if not isinstance(found, dict) or not found.get("python"):
        return ""
    libraries = ", ".join(f"{k} {v}" for k, v in found.items() if k != "python")
    return str(found["python"]) + (f" ({libraries})" if libraries else "")


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
        ("Python", python_versions(context)),
        ("CPU governor", context.get("cpu_governor", "")),
        ("CPU scaling", "" if scaling is None else ("enabled" if scaling else "disabled")),
        ("Load average", " / ".join(t for t in (format_load(context.get("load_avg")) + " at start"
                                                if context.get("load_avg") else "",
                                                format_load(context['load_avg_end']) + " at end"
                                                if context.get("load_avg_end") else "") if t)),
        ("Suite", context.get("concbench_suite", "")),
        ("Commit", context.get("concbench_commit", "")),
        ("Command", (context.get("concbench_method") or {}).get("command", "")
         if isinstance(context.get("concbench_method"), dict) else ""),
        ("Date", context.get("date", "")),
    ]
    return [(key, str(value)) for key, value in rows if value not in ("", None)]


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


def run_drift(run: Run) -> float | None:
    """How much the machine's speed drifted during the run, as the stability probe saw it."""
    probe = run.context.get("concbench_probe")
    drift = probe.get("drift") if isinstance(probe, dict) else None
    return float(drift) if is_number(drift) else None
