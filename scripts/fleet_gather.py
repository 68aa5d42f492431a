#!/usr/bin/python3
"""The end of a fleet run (fleet/site.yml): every host's results stored, the hosts compared, and the
hosts that failed named.

DIR is the playbook's fleet_out: DIR/runs/<host>/results.json for each host that finished,
DIR/failed/<host>.txt for each that did not. Writes DIR/comparison/ (two hosts or more) or
DIR/report/ (one), and DIR/fleet.md, and prints what it did. Exit 1 when no host finished.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=Path, help="the playbook's fleet_out")
    parser.add_argument("--store", metavar="PATH|URL", help="the results store (default: the user's)")
    args = parser.parse_args(argv)
    runs = sorted(args.directory.glob("runs/*/results.json"))
    failures = [path.read_text().strip() for path in sorted(args.directory.glob("failed/*.txt"))]
    lines = [f"fleet: {len(runs)} host(s) finished, {len(failures)} failed"]
    lines += [f"fleet: failed: {text}" for text in failures]
    if runs:
        from concbench import store
        try:
            with store.open_store(args.store, create=True) as db:
                stored = store.import_files(db, [str(p) for p in runs])
            lines.append(f"fleet: stored run(s) {', '.join(str(s.run_id) for s in stored)} in "
                         f"{store.masked(args.store or store.default_location())}")
        except store.StoreError as error:
            lines.append(f"fleet: not stored: {error}")
    labels = ",".join(path.parent.name for path in runs)
    if len(runs) >= 2:
        import compare
        status = compare.main([str(p) for p in runs] + ["--labels", labels, "-o", str(args.directory / "comparison")])
        lines.append(f"fleet: comparison: {args.directory / 'comparison' / 'index.html'}" if status == 0
                     else "fleet: compare.py failed")
    elif runs:
        import report
        status = report.main([str(runs[0]), "-o", str(args.directory / "report")])
        lines.append(f"fleet: one host only; its report: {args.directory / 'report' / 'index.html'}" if status == 0
                     else "fleet: report.py failed")
    summary = ["# concbench fleet", "", f"Finished: {', '.join(p.parent.name for p in runs) or 'none'}.", ""]
    summary += ["Failed:", ""] + [f"- {text}" for text in failures] if failures else ["No host failed."]
    (args.directory / "fleet.md").write_text("\n".join(summary) + "\n")
    print("\n".join(lines))
    return 0 if runs else 1


if __name__ == "__main__":
    sys.exit(main())
