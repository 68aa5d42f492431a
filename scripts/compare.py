#!/usr/bin/python3
"""Compare concbench runs of two or more machines (or builds): the first run is the baseline.

For every benchmark present in both runs: the time ratio B/A (below 1: B is faster) with a 95%
interval — paired round by round for runs measured interleaved by one scripts/bench --ab, else a
bootstrap over both runs' processes — and a verdict: "faster"/"slower" when the whole interval
lies beyond the noise threshold (5%, or the A/A noise of an interleaved run with an A′ if larger),
"same" when it lies within it, otherwise "no difference beyond ±X%" (X the interval's far edge)
with the processes that would settle it, "n/a" with fewer than 3 processes on a side. Writes DIR/report.md, a self-contained DIR/index.html and PNG charts, and prints a
short summary. Exit status 2 on bad input.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from concbench.comparison import compare_runs
from concbench.comparison_report import build_comparison, console_summary, parse_labels
from concbench.document import write_output_dir
from concbench.load import load_run
from concbench.runs import ResultsError

REPOSITORY = Path(__file__).resolve().parent.parent


def default_output_dir(labels: list[str]) -> Path:
    name = "-vs-".join(re.sub(r"[^A-Za-z0-9._-]+", "_", label) for label in labels)
    return REPOSITORY / "reports" / f"compare-{name}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", nargs="+", metavar="RUN.json",
                        help="Google Benchmark JSON files written by concbench; the first is the baseline")
    parser.add_argument("-o", "--output", type=Path,
                        help="output directory (default: reports/compare-<A>-vs-<B> in the repository)")
    parser.add_argument("--labels", help="comma-separated names for the runs (default: host names)")
    parser.add_argument("--threshold", type=float, metavar="FRACTION",
                        help="noise threshold for a verdict, e.g. 0.05 (default: 5%%, or the A/A noise of an interleaved "
                             "run with an A', if larger)")
    args = parser.parse_args(argv)
    if args.threshold is not None and not 0 <= args.threshold < 1:
        parser.error("--threshold needs a fraction in [0, 1), e.g. 0.05")
    if len(args.runs) < 2:
        parser.error("needs at least two runs to compare")
    try:
        runs = [load_run(path) for path in args.runs]
        labels = parse_labels(args.labels, runs)
        comparisons = [compare_runs(runs[0], run, args.threshold) for run in runs[1:]]
        output = write_output_dir(args.output or default_output_dir(labels),
                                  lambda d: build_comparison(runs, labels, comparisons, d))
    except ResultsError as error:
        print(f"compare.py: error: {error}", file=sys.stderr)
        return 2
    print(console_summary(comparisons, labels, output / "index.html"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
