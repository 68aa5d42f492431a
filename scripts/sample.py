#!/usr/bin/python3
"""Make the committed sample report, reports/samples/vm-quick/: one quick run of scripts/bench, kept
only when its own trust block calls it calm — low drift, little interference from other programs,
CPUs alike, nothing beyond physics, every round run — so that the figures the README quotes hold.

A run that is not calm is not labelled a sample: the script says why, waits and tries again, and
after the last attempt exits 1 saying that no calm hour came (the previous sample stays). Anything
after -- goes to scripts/bench. Exit status 2 on bad input.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from concbench import quality
from concbench.analysis import Analysis
from concbench.load import load_run
from concbench.runs import ResultsError
from concbench.summary import declared_cases

REPOSITORY = Path(__file__).resolve().parent.parent
SAMPLE = REPOSITORY / "reports" / "samples" / "vm-quick"


def why_not_calm(found: quality.Trust) -> list[str]:
    reasons = []
    if not found.complete:
        reasons.append("the run was interrupted")
    if found.anomalies:
        reasons.append(f"{found.anomalies} value(s) beyond their limit")
    if found.drift is not None and found.drift >= 0.10:
        reasons.append(f"the machine's speed drifted by {found.drift:.0%}")
    flagged, total, _ = found.disturbed
    if total and flagged > 0.05 * total:
        reasons.append(f"other programs disturbed {flagged} of {total} values")
    if found.slowest_cpu:
        cpu, speed, fastest = found.slowest_cpu
        reasons.append(f"CPU {cpu} ran at {speed:.0%} of CPU {fastest}")
    return reasons


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--attempts", type=int, default=3, help="runs to try before giving up (default 3)")
    parser.add_argument("--wait", type=float, default=600, metavar="S", help="seconds between attempts (default 600)")
    parser.add_argument("--out", type=Path, default=SAMPLE, help=f"where the sample goes (default {SAMPLE})")
    own, extra = (argv[:argv.index("--")], argv[argv.index("--") + 1:]) if argv and "--" in argv else (argv, [])
    args = parser.parse_args(own)
    if args.attempts < 1 or args.wait < 0:
        parser.error("--attempts needs at least 1 and --wait 0 or more seconds")
    for attempt in range(1, args.attempts + 1):
        with tempfile.TemporaryDirectory(prefix="concbench-sample-") as scratch:
            run_dir = Path(scratch) / "run"
            command = [str(REPOSITORY / "scripts" / "bench"), "--out", str(run_dir), "--no-store"] + extra
            print(f"sample: attempt {attempt} of {args.attempts}: {' '.join(command)}", file=sys.stderr, flush=True)
            if subprocess.run(command).returncode not in (0, 1) or not (run_dir / "results.json").exists():
                print("sample: scripts/bench failed", file=sys.stderr)
                return 1
            try:
                analysis = Analysis(load_run(run_dir / "results.json"))
            except ResultsError as error:
                print(f"sample: error: {error}", file=sys.stderr)
                return 2
            reasons = why_not_calm(quality.trust(analysis, declared_cases(analysis)))
            if not reasons:
                if args.out.exists():
                    shutil.rmtree(args.out)
                shutil.copytree(run_dir, args.out, ignore=shutil.ignore_patterns("console.log"))
                # Kept in git: its index.html shows the PNG files beside it rather than a copy of each.
                subprocess.run([sys.executable, str(REPOSITORY / "scripts" / "report.py"), str(args.out / "results.json"),
                                "-o", str(args.out), "--linked-charts"], check=True, stdout=subprocess.DEVNULL)
                print(f"sample: a calm run; written to {args.out}")
                return 0
            print(f"sample: not calm ({'; '.join(reasons)}): not labelled a sample", file=sys.stderr, flush=True)
        if attempt < args.attempts:
            time.sleep(args.wait)
    print(f"sample: no calm hour came in {args.attempts} attempt(s); {args.out} is as it was", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
