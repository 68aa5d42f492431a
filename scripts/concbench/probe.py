"""The stability probe: how much this machine's speed drifts while nothing else of ours runs.

tools/stability_probe sums the same fixed unit of cpu_sum terms on every usable CPU at once for
a few seconds and records each unit's time. Summarised here into what a reader needs: the best
and typical unit time per CPU, the share of slow units, and the drift — how far the median unit
time of one quarter-second moves from another's. A difference between two runs, or two models,
smaller than the drift cannot be told from the machine changing speed under them.
"""

from __future__ import annotations

import json
import statistics
import subprocess

WINDOW_S = 0.25        # drift is measured between windows of this length
SLOW = 1.2             # a unit this much slower than the CPU's best counts as slow


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarize(raw: dict) -> dict:
    """The probe's JSON (unit_terms, seconds, cpus[{cpu, samples[[start, seconds]]}]) in a few numbers."""
    cpus, windows = [], []
    for cpu in raw.get("cpus", []):
        samples = [(float(start), float(seconds)) for start, seconds in cpu.get("samples", []) if seconds > 0]
        if not samples:
            continue
        times = [seconds for _, seconds in samples]
        best = min(times)
        cpus.append({"cpu": cpu.get("cpu"), "units": len(times), "best_s": best,
                     "median_s": statistics.median(times), "p90_s": percentile(times, 0.9), "max_s": max(times),
                     "slow_fraction": sum(1 for t in times if t > SLOW * best) / len(times)})
        by_window: dict[int, list] = {}
        for start, seconds in samples:
            by_window.setdefault(int(start / WINDOW_S), []).append(seconds)
        windows += [statistics.median(values) for values in by_window.values() if len(values) >= 3]
    if not cpus:
        return {"unit_terms": raw.get("unit_terms"), "seconds": raw.get("seconds"), "cpus": [], "drift": None}
    return {"unit_terms": raw.get("unit_terms"), "seconds": raw.get("seconds"), "window_s": WINDOW_S,
            "cpus": cpus,
            "drift": max(windows) / min(windows) - 1 if len(windows) >= 2 else None,
            "slow_fraction": statistics.mean(c["slow_fraction"] for c in cpus),
            "jitter": statistics.median(c["p90_s"] / c["median_s"] - 1 for c in cpus)}


def run_probe(config, seconds: float) -> dict | None:
    """Runs tools/stability_probe under `config` (its binaries, its CPUs); None if it cannot run."""
    command = config.command("stability_probe") + ["--seconds", f"{seconds:g}"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30)
        if done.returncode != 0:
            return None
        return summarize(json.loads(done.stdout))
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError, ValueError, TypeError):
        return None


def describe(summary: dict | None) -> str:
    """One sentence for the console and the report."""
    if not summary or not summary.get("cpus"):
        return "stability probe unavailable (tools/stability_probe did not run)"
    per_cpu = ", ".join(f"CPU {c['cpu']} best {c['best_s'] * 1e3:.2f} ms, median {c['median_s'] * 1e3:.2f} ms"
                        for c in summary["cpus"])
    drift = summary.get("drift")
    return (f"{summary['unit_terms']:,} terms per unit: {per_cpu}; {summary['slow_fraction']:.0%} of units over "
            f"{SLOW - 1:.0%} slower than their CPU's best; speed drift between {summary['window_s']:g} s windows "
            + (f"{drift:.1%}" if drift is not None else "unknown"))
