#!/usr/bin/python3
"""Turn concbench's Google Benchmark JSON into a report: DIR/report.md, a self-contained
DIR/index.html (charts embedded, opens offline), the charts as PNG files, every table as a CSV
file and results.csv, one row per benchmark.

A run is a results file or a selector of the results store (a machine's name for its latest run,
vm@2, latest, a run id). Several are merged, later ones winning on duplicate benchmark names, so a
suite run in parts gives one report. Prints the path of index.html. Exit status 2 on bad input.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime
from pathlib import Path

from concbench.document import write_output_dir
from concbench.load import merge_runs
from concbench.machine import run_label
from concbench.report import build_report
from concbench.runs import ResultsError, Run
from concbench.sources import load_runs

REPOSITORY = Path(__file__).resolve().parent.parent


def default_output_dir(run: Run) -> Path:
    """reports/<host>-<date> in the repository, as DESIGN.md lays out."""
    host = re.sub(r"[^A-Za-z0-9._-]+", "_", run_label(run))
    date = str(run.context.get("date", ""))
    try:
        stamp = datetime.fromisoformat(date).strftime("%Y-%m-%d-%H%M")
    except ValueError:
        stamp = re.sub(r"[^0-9A-Za-z-]+", "-", date).strip("-") or "undated"
    return REPOSITORY / "reports" / f"{host}-{stamp}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", nargs="+", metavar="RUN",
                        help="a results.json written by scripts/bench (or concbench), or a store selector")
    parser.add_argument("-o", "--output", type=Path,
                        help="output directory (default: reports/<host>-<date> in the repository)")
    parser.add_argument("--store", metavar="PATH|URL",
                        help="the results store selectors read (default: $CONCBENCH_STORE, else "
                             "~/.local/share/concbench/results.sqlite)")
    parser.add_argument("--linked-charts", action="store_true",
                        help="index.html shows the PNG files beside it instead of embedding them: for a report "
                             "kept in git (the committed sample), a tenth of the size")
    args = parser.parse_args(argv)
    try:
        run = merge_runs(load_runs(args.runs, args.store))
        output = write_output_dir(args.output or default_output_dir(run),
                                  lambda d: build_report(run, d, embed_images=not args.linked_charts))
    except ResultsError as error:
        print(f"report.py: error: {error}", file=sys.stderr)
        return 2
    print(output / "index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
