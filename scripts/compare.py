#!/usr/bin/python3
"""Compare concbench runs of two or more machines (or builds, or CPU sets) against a reference.

Runs are results files or selectors of the results store (a machine's name for its latest run,
vm@2, vm@all, latest, a run id). For every benchmark the runs share: the time ratio to the
reference (below 1: faster) with a 95% interval — paired round by round for runs measured
interleaved by one scripts/bench --ab, else a bootstrap over both runs' processes — and a verdict:
"faster"/"slower" when the whole interval lies beyond the noise threshold (5%, or the A/A noise of
an interleaved run with an A′ if larger), "same" within it, otherwise "no difference beyond ±X%"
with the processes that would settle it, "n/a" with fewer than 3 processes on a side. Then
geometric means per workload, per model and overall with intervals, over the benchmarks every run
measured; wins and losses; all-core throughput per core; where the best model changes with the
machine; and the systems side by side. Writes DIR/report.md, a self-contained DIR/index.html,
PNG charts and a CSV per table, and prints a short summary. Exit status 2 on bad input.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from concbench.comparison_report import build_comparison, console_summary, parse_labels
from concbench.document import write_output_dir
from concbench.fleet import Fleet
from concbench.runs import ResultsError
from concbench.sources import load_runs

REPOSITORY = Path(__file__).resolve().parent.parent


class OneLineParser(argparse.ArgumentParser):
    """Bad flags get one line and exit status 2, not a usage block."""

    def error(self, message):
        self.exit(2, f"compare.py: error: {message} (see compare.py --help)\n")


def default_output_dir(labels: list[str]) -> Path:
    name = "-vs-".join(re.sub(r"[^A-Za-z0-9._-]+", "_", label) for label in labels)
    return REPOSITORY / "reports" / f"compare-{name}"[:120]


def reference_index(spec: str | None, labels: list[str], runs) -> int:
    """--reference: a label, a position (1 is the first run) or one of the runs' sources."""
    if spec is None:
        return 0
    if spec in labels:
        return labels.index(spec)
    if spec.isdigit() and 1 <= int(spec) <= len(labels):
        return int(spec) - 1
    for index, run in enumerate(runs):
        if spec in run.sources:
            return index
    raise ResultsError(f"--reference {spec}: not one of the runs ({', '.join(labels)})")


def main(argv=None) -> int:
    parser = OneLineParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", nargs="+", metavar="RUN",
                        help="a results.json, or a store selector (a machine's name, vm@2, vm@all, latest, a run id)")
    parser.add_argument("-o", "--output", type=Path,
                        help="output directory (default: reports/compare-<A>-vs-<B> in the repository)")
    parser.add_argument("--labels", help="comma-separated names for the runs (default: host names)")
    parser.add_argument("--reference", metavar="LABEL|N",
                        help="the run the others are compared with: a label or a position (default: the first)")
    parser.add_argument("--store", metavar="PATH|URL",
                        help="the results store selectors read (default: $CONCBENCH_STORE, else "
                             "~/.local/share/concbench/results.sqlite)")
    parser.add_argument("--threshold", type=float, metavar="FRACTION",
                        help="noise threshold for a verdict, e.g. 0.05 (default: 5%%, or the A/A noise of an interleaved "
                             "run with an A', if larger)")
    parser.add_argument("--no-charts", action="store_true", help="tables only (faster for many runs)")
    args = parser.parse_args(argv)
    if args.threshold is not None and not 0 <= args.threshold < 1:
        parser.error("--threshold needs a fraction in [0, 1), e.g. 0.05")
    try:
        runs = load_runs(args.runs, args.store)
        if len(runs) < 2:
            raise ResultsError("needs at least two runs to compare")
        labels = parse_labels(args.labels, runs)
        fleet = Fleet(runs, labels, reference_index(args.reference, labels, runs), args.threshold)
        output = write_output_dir(args.output or default_output_dir(labels),
                                  lambda d: build_comparison(fleet, d, charts=not args.no_charts))
    except ResultsError as error:
        print(f"compare.py: error: {error}", file=sys.stderr)
        return 2
    print(console_summary(fleet, output / "index.html"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
