#!/usr/bin/python3
"""The A/A check: run the suite twice back to back with the same build, compare the two runs, and
print the figures that say whether this machine's numbers hold.

Two identical runs must tell the same story: at least 95% of benchmarks within 10% of each other
and none beyond 25%, speedups and efficiencies within 5% for at least 90%, compare.py calling at
most 5% of them faster or slower, no value beyond physics, each run under 4 minutes. With
--one-cpu it also runs the suite pinned to CPU 0 and checks that compare.py calls every parallel
model at workers=2 in cpu_sum and seed_jobs slower there. Exit status 0 when every check passes,
1 when one fails, 2 on bad input. Existing runs can be checked without running: --runs A B [C].
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from concbench import aa
from concbench.analysis import Analysis
from concbench.comparison import compare_runs
from concbench.load import load_run
from concbench.runs import ResultsError, Run

REPOSITORY = Path(__file__).resolve().parent.parent
WALL_SECONDS: dict = {}      # results path -> seconds scripts/bench took, build check and report included


def bench(out: Path, extra: list[str]) -> Path:
    command = [str(REPOSITORY / "scripts" / "bench"), "--out", str(out)] + extra
    print(f"aa_check: $ {' '.join(command)}", file=sys.stderr, flush=True)
    start = time.monotonic()
    if subprocess.run(command).returncode not in (0, 1):     # 1: some benchmark failed; still compared
        raise ResultsError(f"scripts/bench failed for {out}")
    WALL_SECONDS[out / "results.json"] = time.monotonic() - start
    return out / "results.json"


def one_cpu_check(both_run: Run, one: Run) -> aa.Check:
    """Every parallel model at workers=2 in the compute workloads is slower on one CPU than on two,
    wherever the second CPU gave it anything: a model whose speedup on both CPUs does not exceed 1
    beyond its interval (tiny work that costs as much to hand out as to do) has nothing to lose.
    A model that uses one core whatever its workers (the catalog's uses_cores) is not parallel."""
    comparison = compare_runs(both_run, one)
    analysis = Analysis(both_run)
    parallel = [c for c in comparison.comparisons if both_run.kind(c.workload) == "compute"
                and c.baseline.workers == 2 and both_run.facts(c.baseline).uses_cores]
    gained = [c for c in parallel if (s := analysis.result(c.baseline).speedup) is not None and s.above(1.0)]
    missed = [c for c in gained if c.verdict != "slower"]
    others = [c for c in parallel if c not in gained]
    return aa.Check("on one CPU, compare.py calls every parallel model at workers=2 in cpu_sum and seed_jobs slower "
                    "(where two CPUs gave it a speedup)",
                    f"{len(gained) - len(missed)} of {len(gained)} slower"
                    + (": missed " + ", ".join(f"{c.name} ({c.verdict}, {c.ratio:.2f})" for c in missed[:4])
                       if missed else "")
                    + (f"; {len(others)} without a speedup on two CPUs, not judged: "
                       + ", ".join(f"{c.name} ({c.verdict}, {c.ratio:.2f})" for c in others[:4]) if others else ""),
                    bool(gained) and not missed)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="directory for the runs (default reports/aa-<timestamp>)")
    parser.add_argument("--one-cpu", action="store_true", help="also run pinned to CPU 0 and check the comparison")
    parser.add_argument("--runs", nargs="+", type=Path, metavar="RESULTS.json",
                        help="check existing results instead: two A/A runs, and optionally a one-CPU run")
    parser.add_argument("bench_args", nargs="*", help="more scripts/bench options, after --")
    args = parser.parse_args(argv)
    try:
        if args.runs:
            if len(args.runs) not in (2, 3):
                parser.error("--runs needs two results files, or three with a one-CPU run last")
            paths = list(args.runs)
        else:
            out = args.out or REPOSITORY / "reports" / f"aa-{datetime.now():%Y%m%d-%H%M%S}"
            paths = [bench(out / "first", args.bench_args), bench(out / "second", args.bench_args)]
            if args.one_cpu:
                paths.append(bench(out / "one-cpu", args.bench_args + ["--cpus", "0"]))
        runs = [load_run(path) for path in paths]
    except ResultsError as error:
        print(f"aa_check.py: error: {error}", file=sys.stderr)
        return 2
    figures = aa.agreement(runs[0], runs[1], labels=("first", "second"),
                           seconds=tuple(WALL_SECONDS.get(path) for path in paths[:2]))
    checks = figures.checks()
    if len(runs) == 3:
        checks.append(one_cpu_check(runs[0], runs[2]))
    print(f"A/A check of {paths[0]} and {paths[1]}: {figures.compared} benchmarks in both")
    for check in checks:
        print(f"  [{'pass' if check.passed else 'FAIL'}] {check.what}: {check.measured}")
    worst = ", ".join(f"{label} {difference:.0%}" for label, difference in figures.worst(figures.time_differences, 3))
    print(f"  largest time differences: {worst}")
    return 0 if all(check.passed for check in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
