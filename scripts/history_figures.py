#!/usr/bin/env python3
"""What the history's change-point detector achieves on simulated histories with this
machine's noise (drawn from the quick-suite sample and the A/A fixtures): how often and how soon
it finds a step, how often flat whole-suite histories fail the workload gate, and the smallest
detectable step of headline benchmarks and of each workload. Seeded: the same command prints
the same figures. The full run takes a few minutes; docs/history.md quotes it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from concbench.history import DetectionSettings, calibration, power, simulate  # noqa: E402

REPOSITORY = Path(__file__).resolve().parents[1]
HEADLINES = ("cpu_sum/tbb/n:100000000/workers:2/real_time",
             "http/async/requests:500/delay_ms:100/concurrency:100/real_time",
             "cpu_sum/serial/n:100000000/workers:1/real_time",
             "latency/async/requests:100/delay_ms:10/concurrency:100/real_time")


def noise_lines(model: simulate.NoiseModel) -> list[str]:
    spreads = np.array(list(model.process_sd.values()))
    return ["## Noise model", "",
            f"- {len(model.process_sd)} benchmarks in {len(model.workloads)} workloads, "
            f"{model.processes} processes per benchmark and run",
            f"- spread between processes (sd of log): median {np.median(spreads):.3f}, "
            f"quartiles {np.quantile(spreads, 0.25):.3f}-{np.quantile(spreads, 0.75):.3f}",
            f"- between-run offset of one benchmark (A/A, {len(model.offsets)} benchmarks): "
            f"sd {np.std(model.offsets):.4f}",
            f"- common run factor: sd {model.run_factor_sd:.3f}", ""]


def detection_lines(model, histories: int, settings) -> list[str]:
    lines = ["## Steps found (single benchmarks)", "",
             "| step (run sd) | runs before | histories | found after 1 | 2 | 3 | 4 | 5 runs | "
             "at the very run | other change points |", "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for sigmas, before in ((3, 20), (4, 20), (5, 20), (4, 10), (4, 5)):
        found = calibration.detection(model, sigmas, histories, before, settings=settings)
        shares = " | ".join(f"{found.found_within(k):.1%}" for k in range(1, 6))
        hits = sum(found.delays.values())
        lines.append(f"| {sigmas} | {before} | {histories} | {shares} | {found.at_the_run / max(hits, 1):.1%} "
                     f"| {found.other_change_points} |")
    promised = calibration.promised_power(model, histories, settings=settings)
    lines += ["", f"A step of exactly the stated smallest detectable size (25 runs before, 5 after, "
              f"{settings.power:.0%} power promised) was found in {promised:.1%} of {histories} histories.", ""]
    return lines


def false_alarm_lines(model, suites: int, runs: int, settings) -> list[str]:
    alarms = calibration.false_alarms(model, suites, runs, settings=settings)
    flagged = ", ".join(f"{w} {n}" for w, n in alarms.flagged_workloads.most_common()) or "none"
    return ["## False alarms of the workload gate", "",
            f"{alarms.flagged_suites} of {suites} flat whole-suite histories of {runs} runs flagged "
            f"({alarms.per_hundred:.2f} per 100); workloads flagged: {flagged}.", ""]


def smallest_step_lines(model, settings, runs: int) -> list[str]:
    before, after = runs - settings.runs_after, settings.runs_after
    lines = ["## Smallest detectable step", "",
             f"{before} runs before, {after} after, {settings.power:.0%} power, p <= {settings.max_p_value}.", "",
             "| subject | process sd | run sd | smallest step | without the run factor and offsets |",
             "| --- | --- | --- | --- | --- |"]
    for name in HEADLINES:
        if name not in model.process_sd:
            continue
        run_sd = simulate.run_level_sd(model, name)
        processes_only = np.sqrt(simulate.median_variance(model.processes)) * model.process_sd[name]
        step = power.smallest_detectable_step(run_sd, before, after, settings.max_p_value, settings.power)
        alone = power.smallest_detectable_step(processes_only, before, after, settings.max_p_value, settings.power)
        lines.append(f"| {name} | {model.process_sd[name]:.3f} | {run_sd:.3f} | {step:.1%} | {alone:.1%} |")
    for workload, benchmarks in model.workloads.items():
        run_sd = simulate.workload_run_sd(model, workload)
        step = power.smallest_detectable_step(run_sd, before, after, settings.max_p_value, settings.power)
        lines.append(f"| workload {workload} ({len(benchmarks)} benchmarks) | | {run_sd:.3f} | {step:.1%} | |")
    return lines + [""]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--histories", type=int, default=1000, help="simulated single-benchmark histories per row")
    parser.add_argument("--suites", type=int, default=1000, help="flat whole-suite histories for the false alarms")
    parser.add_argument("--runs", type=int, default=30, help="runs per flat history")
    parser.add_argument("--run-factor-sd", type=float, default=simulate.RUN_FACTOR_SD,
                        help="sd of the factor shared by all benchmarks of a run")
    parser.add_argument("--max-p-value", type=float, default=DetectionSettings.max_p_value)
    parser.add_argument("-o", "--output", type=Path, help="write the figures (Markdown) here instead of stdout")
    args = parser.parse_args(argv)
    model = simulate.machine_noise_model(REPOSITORY, args.run_factor_sd)
    settings = DetectionSettings(max_p_value=args.max_p_value)
    lines = noise_lines(model)
    if args.histories:
        lines += detection_lines(model, args.histories, settings)
    if args.suites:
        lines += false_alarm_lines(model, args.suites, args.runs, settings)
    lines += smallest_step_lines(model, settings, args.runs)
    text = "\n".join(lines)
    if args.output:
        args.output.write_text(text)
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
