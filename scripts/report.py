#!/usr/bin/python3
"""Turn concbench's Google Benchmark JSON into a report: DIR/report.md, a self-contained
DIR/index.html (charts embedded, opens offline) and the charts as PNG files.

Several JSON files are merged, later files winning on duplicate benchmark names, so a suite run
in parts gives one report. Prints the path of index.html. Exit status 2 on bad input.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime
from pathlib import Path

from concbench.document import write_output_dir
from concbench.load import load_run, merge_runs
from concbench.machine import run_label
from concbench.report import build_report
from concbench.runs import ResultsError, Run

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
    parser.add_argument("runs", nargs="+", metavar="RUN.json", help="Google Benchmark JSON written by concbench")
    parser.add_argument("-o", "--output", type=Path,
                        help="output directory (default: reports/<host>-<date> in the repository)")
    args = parser.parse_args(argv)
    try:
        run = merge_runs([load_run(path) for path in args.runs])
        output = write_output_dir(args.output or default_output_dir(run), lambda d: build_report(run, d))
    except ResultsError as error:
        print(f"report.py: error: {error}", file=sys.stderr)
        return 2
    print(output / "index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
