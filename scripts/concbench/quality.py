"""How far a run's numbers can be trusted: how it was measured, how much the machine drifted,
what else ran, the smallest difference it resolves, and every value beyond physics.

Pure functions of a loaded run, for report.py and compare.py, tested against fixtures.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

from . import probe as stability
from .analysis import BASELINE_ACCURACY, Analysis
from .machine import context_number, first_load, hardware_threads, run_drift
from .runs import INTERFERENCE_CPUS, Note, Run


def half_width(estimate) -> float | None:
    """The larger side of a 95% interval, relative to its value."""
    if not estimate.has_interval or estimate.value <= 0:
        return None
    return max(estimate.high / estimate.value - 1, 1 - estimate.low / estimate.value)


def resolution(run: Run, names: set | None = None) -> float | None:
    """The smallest difference between two of this run's times it can tell apart, roughly: the
    median half-width of its benchmarks' 95% intervals (of the summary cases, where given)."""
    chosen = [b for b in run.ok() if names and b.name in names] or run.ok()
    widths = [w for w in (half_width(b.time_estimate) for b in chosen) if w is not None]
    return statistics.median(widths) if widths else None


@dataclass(frozen=True)
class Trust:
    """How far a run's numbers hold, in the few figures a reader acts on first."""

    resolution: float | None      # differences under this are noise
    drift: float | None           # the stability probe's speed drift between quarter-seconds
    disturbed: tuple              # (values other programs interfered with, all values, values left out)
    cpu_speeds: dict              # CPU -> median speed relative to the fastest, where they were measured
    coverage: float | None        # share of an A/A's intervals holding 1 (scripts/bench --ab same)
    anomalies: int
    complete: bool

    @property
    def slowest_cpu(self) -> tuple | None:
        """(slowest CPU, its speed, fastest CPU) where the CPUs differed by more than 10%."""
        if len(self.cpu_speeds) < 2:
            return None
        slow = min(self.cpu_speeds, key=self.cpu_speeds.get)
        fast = max(self.cpu_speeds, key=self.cpu_speeds.get)
        return (slow, self.cpu_speeds[slow], fast) if self.cpu_speeds[slow] < 0.9 else None

    @property
    def calm(self) -> bool:
        """A run to quote: low drift, little interference, CPUs alike, nothing beyond physics, complete."""
        flagged, total, _ = self.disturbed
        return (self.complete and not self.anomalies and (self.drift is None or self.drift < 0.10)
                and (not total or flagged <= 0.05 * total) and self.slowest_cpu is None)


def cpu_speeds(run: Run) -> dict:
    """Each CPU's speed relative to the fastest, median over every value that measured it (the
    paired baselines' cpu_speed_<cpu> counters)."""
    found: dict = {}
    for bench in run.ok():
        for key in bench.counters:
            if key.startswith("cpu_speed_"):
                found.setdefault(int(key.removeprefix("cpu_speed_")), []).extend(
                    v for v in bench.counter_values(key) if v is not None)
    return {cpu: statistics.median(values) for cpu, values in sorted(found.items()) if values}


def trust(analysis: Analysis, summary_names: set | None = None) -> Trust:
    run = analysis.run
    ab = run.context.get("concbench_ab")
    method = run.context.get("concbench_method")
    return Trust(resolution(run, summary_names), run_drift(run), interference(run), cpu_speeds(run),
                 ab.get("aa_coverage") if isinstance(ab, dict) else None, len(analysis.anomalies),
                 not (isinstance(method, dict) and method.get("complete") is False))


def trust_lines(found: Trust) -> list[str]:
    """The trust block: a sentence a user acts on, then the figures behind it."""
    lines = []
    noise = found.resolution
    head = "Calm run" if found.calm else "Noisy run"
    if noise is not None:
        lines.append(f"**{head}: differences under {max(noise, 0.01):.0%} between two numbers here are noise.**")
    else:
        lines.append(f"**{head}: no intervals (too few processes), so no difference here can be told from noise.**")
    if found.drift is not None:
        lines.append(f"The machine's speed drifted by {found.drift:.0%} between quarter-seconds before the suite "
                     "(the stability probe); each ratio pairs measurements taken seconds apart, so slow drift "
                     "cancels.")
    flagged, total, left_out = found.disturbed
    if total:
        lines.append(f"Other programs took CPU time during {flagged} of {total} values ({left_out} left out)."
                     if flagged else f"No other program disturbed any of the {total} values.")
    slow = found.slowest_cpu
    if slow:
        lines.append(f"CPU {slow[0]} ran at {slow[1]:.0%} of CPU {slow[2]}'s speed: work split in equal parts is bound "
                     "by the slowest CPU, work stealing is not; every limit here counts each CPU's own speed.")
    if found.coverage is not None:
        lines.append(f"In this run's own A/A (the same configuration twice), {found.coverage:.0%} of the 95% "
                     "intervals held 1: that is how honest these intervals are.")
    if found.anomalies:
        lines.append(f"{found.anomalies} value(s) lie beyond their physical limit: measurement flaws, listed under "
                     "Anomalies and never shown as results.")
    if not found.complete:
        lines.append("The run was interrupted: not every round ran.")
    return lines


def method_text(run: Run) -> str | None:
    method = run.context.get("concbench_method")
    if not isinstance(method, dict):
        return None
    units = sorted({b.units for b in run.ok() if b.times_s})
    spread = f"{units[0]}" if units and units[0] == units[-1] else (f"{units[0]} to {units[-1]}" if units else "?")
    text = (f"Each (workload, model) family ran in fresh processes, {method.get('processes_per_benchmark')} per "
            f"benchmark at least, the families in a new random order every round; benchmarks whose 95% interval "
            f"stayed wider than ±{float(method.get('precision_target') or 0):.0%} in time"
            + (f" or ±{float(method['ratio_precision_target']):.0%} in speedup or efficiency"
               if method.get("ratio_precision_target") else "")
            + f" got more processes, the least settled first, up to "
            f"{method.get('max_processes_per_benchmark')} ({method.get('extra_rounds', 0)} extra "
            f"round{'s' if method.get('extra_rounds', 0) != 1 else ''}); in all, {spread} processes per benchmark, "
            f"{method.get('values_per_process', 1)} value each. Times are medians over the values, with 95% "
            "intervals from a bootstrap over the processes; speedups and efficiencies are medians of ratios paired "
            "within each repetition (its serial baseline was measured right before and after it).")
    if method.get("stopped_by_time_budget"):
        text += f" Extra rounds stopped at the time budget of {method.get('time_budget_s'):.0f} s."
    if method.get("complete") is False:
        text += " The run was interrupted: what it measured is here, but not every round ran."
    return text


def interference(run: Run) -> tuple[int, int, int]:
    """(values another program interfered with, all values, values left out of the numbers)."""
    flagged = total = left_out = 0
    for bench in run.ok():
        total += len(bench.times_s)
        flagged += sum(1 for f in bench.interfered if f)
        left_out += bench.excluded
    return flagged, total, left_out


def notes(analysis: Analysis) -> list[Note]:
    """What a reader should know about the reliability of the numbers, most important first."""
    run = analysis.run
    found = []
    method = method_text(run)
    if method:
        found.append(Note("note", method))
    elif run.repetitions > 1:
        found.append(Note("warning", f"{run.repetitions} repetitions in one process (an older concbench, or "
                                     "concbench run by hand): the variance between processes is not measured, so "
                                     "intervals are too narrow and compare.py's verdicts too bold."))
    else:
        found.append(Note("warning", "Run without repetitions: no interval can be given and compare.py cannot "
                                     "judge a difference (run scripts/bench)."))
    probe = run.context.get("concbench_probe")
    if isinstance(probe, dict) and probe.get("cpus"):
        drift = probe.get("drift")
        level = "warning" if drift is not None and drift > 0.10 else "note"
        found.append(Note(level, "Stability probe before the suite: " + stability.describe(probe) + "."))
    width = resolution(run)
    if width is not None:
        found.append(Note("note", f"Half of this run's benchmarks have a 95% interval narrower than ±{width:.0%}."))
    flagged, total, left_out = interference(run)
    if flagged:
        found.append(Note("warning" if flagged > 0.05 * total else "note",
                          f"Other programs (or the hypervisor) used more than {INTERFERENCE_CPUS:g} CPUs' worth of "
                          f"time during {flagged} of {total} values; {left_out} of them are left out of the numbers "
                          "(where at least three processes' worth of clean values remained)."))
    elif total and any(b.counter("other_cpus") is not None for b in run.ok()):
        found.append(Note("note", f"No value was disturbed by other programs (more than {INTERFERENCE_CPUS:g} CPUs' "
                                  "worth of their time, from the machine's CPU accounting)."))
    found += context_notes(run)
    if run.catalog.from_snapshot:
        found.append(Note("note", "This run carries no catalog of its models (it predates them), so the one shipped "
                                  "with the scripts was used; entries without an `ideal_s` counter show no "
                                  "efficiency rather than one worked out here."))
    serial = [e for e in (analysis.efficiency(b) for b in run.ok() if run.facts(b).baseline and b.counter("ideal_s"))
              if e is not None]
    if serial:
        found.append(Note("note", f"The serial model timed against its own paired baseline: efficiency "
                                  f"{min(serial):.1%} to {max(serial):.1%}, the accuracy of a baseline here. An "
                                  f"efficiency or speedup is only called an anomaly when its whole interval lies "
                                  f"more than {BASELINE_ACCURACY:.0%} beyond its limit."))
    strange = analysis.anomalies
    if strange:
        found.append(Note("warning", f"{len(strange)} value(s) beyond the physical limit by more than their interval "
                                     "(a flaw in the measurement, not a result; listed under Anomalies)."))
    return found


def context_notes(run: Run) -> list[Note]:
    """Warnings from the machine's state: scaling, load, merged hosts, build type.

    The load average is only a hint of what else ran, so it is left out where each value recorded
    the other programs' CPU time itself (interference, above)."""
    found = []
    measured = any(b.counter("other_cpus") is not None for b in run.ok())
    for context, source in zip(run.contexts or (run.context,), run.sources or ("",)):
        where = f" ({Path(source).name})" if len(run.contexts) > 1 else ""
        cpus = context_number(context, "num_cpus") or hardware_threads(context)
        if context.get("cpu_scaling_enabled"):
            found.append(Note("warning", f"CPU frequency scaling was enabled{where}: clock speed may change "
                                         "during the run; set the governor to performance for stable numbers."))
        start = None if measured else first_load(context.get("load_avg"))
        if start is not None and start > max(1.0, 0.25 * cpus):
            found.append(Note("warning", f"Load average {start:.2f} on {cpus:.0f} CPUs when the run started{where}: "
                                         "other work competed with the benchmarks."))
        end = None if measured else first_load(context.get("load_avg_end"))
        if end is not None and end > cpus:
            own = (" Part of it is the run's own: the workloads that measure memory per waiting unit keep "
                   "thousands of threads alive at once, and the load average counts them."
                   if any(b.counter("bytes_per_unit") is not None for b in run.ok()) else "")
            found.append(Note("warning", f"Load average {end:.2f} on {cpus:.0f} CPUs at the end of the run{where}: "
                                         "more runnable threads than CPUs." + own))
    hosts = {c.get("hostname") or c.get("host_name") for c in run.contexts}
    if len(hosts) > 1:
        found.append(Note("warning", "Merged files come from different hosts (" + ", ".join(sorted(map(str, hosts)))
                                     + "); use compare.py to compare machines."))
    if str(run.context.get("library_build_type", "")).lower() == "debug":
        found.append(Note("note", "Debian's libbenchmark reports \"Library was built as DEBUG\": that is the "
                                  "harness library only and harmless for timing; the benchmarks themselves were "
                                  f"built as {run.context.get('build_type', 'unknown')}."))
    elif run.context.get("build_type") and str(run.context["build_type"]).lower() != "release":
        found.append(Note("warning", f"concbench was built as {run.context['build_type']}, not Release: "
                                     "times are not representative."))
    return found
