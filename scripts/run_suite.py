#!/usr/bin/python3
"""Run the concbench suite and write reports/<host>-<timestamp>/: results.json and a report.

Each (workload, model) family runs in fresh concbench processes — several per benchmark, more for
the summary cases the report's answers rest on, the families in a new random order each round —
after a short stability probe of the machine. The first round calibrates the iterations; the
others reuse them. With --ab, more configurations (the same again, other CPUs, another build) run
interleaved with the first, round by round, and are compared with it pair by pair. Every run is
added to the results store. This is what scripts/bench runs after building.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import socket
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from concbench import runner
from concbench.runs import ResultsError

REPOSITORY = Path(__file__).resolve().parent.parent
# Seconds of measuring after which the quick suite starts no extra process: with the probe, the
# build check, the report and the store, a run then stays under four and a half minutes.
QUICK_TIME_BUDGET = 220.0


class OneLineParser(argparse.ArgumentParser):
    """Bad flags get one line and exit status 2, not a usage block."""

    def error(self, message):
        self.exit(2, f"bench: {message} (see scripts/bench --help)\n")


def positive_int(text: str) -> int:
    if not re.fullmatch(r"[1-9][0-9]*", text):
        raise argparse.ArgumentTypeError(f"needs a positive integer, not '{text}'")
    return int(text)


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1
    if not value > 0:
        raise argparse.ArgumentTypeError(f"needs a positive number of seconds, not '{text}'")
    return value


def cpu_list(text: str) -> str:
    if not re.fullmatch(r"\d+([,-]\d+)*", text):
        raise argparse.ArgumentTypeError(f"needs a CPU list such as 0 or 0,1 or 0-3, not '{text}'")
    return text


def parse_args(argv):
    parser = OneLineParser(prog="scripts/bench", description=__doc__,
                           formatter_class=argparse.RawDescriptionHelpFormatter,
                           epilog="Anything after -- goes to every concbench process, e.g. -- --benchmark_min_warmup_time=0.1 (later flags win)")
    parser.add_argument("--full", action="store_true", help="the long suite (sizes up to n=1e9)")
    parser.add_argument("--filter", metavar="REGEX", help="only benchmarks whose name matches, e.g. 'cpu_sum/(serial|tbb)/'")
    parser.add_argument("--processes", type=positive_int, default=5, metavar="N",
                        help="processes per benchmark at least, each in its own round (default 5; noisy benchmarks "
                             "get more, see --max-processes)")
    parser.add_argument("--summary-processes", type=positive_int, default=10, metavar="N",
                        help="processes for each summary case, the case a workload's answer in the report rests on "
                             "(default 10)")
    parser.add_argument("--max-processes", type=positive_int, metavar="N",
                        help="more processes, up to N, for benchmarks whose 95%% interval is still wider than "
                             "--precision or --ratio-precision (default 16; the same as --processes turns this off)")
    parser.add_argument("--precision", type=float, default=0.07, metavar="FRACTION",
                        help="target relative half-width of each benchmark's 95%% time interval (default 0.07: two "
                             "runs then agree within 10%%)")
    parser.add_argument("--ratio-precision", type=float, default=0.04, metavar="FRACTION",
                        help="the same for its paired speedup and efficiency (default 0.04: two runs then agree "
                             "within 5%%)")
    parser.add_argument("--time-budget", type=seconds, metavar="S",
                        help="start no extra process after S seconds (default 220 for the quick suite, none for "
                             "full): the least settled benchmarks go first")
    parser.add_argument("--values", type=positive_int, default=1, metavar="N",
                        help="values (repetitions) per benchmark in each process (default 1: more processes cost "
                             "little more and also catch what varies between processes)")
    parser.add_argument("--min-time", type=seconds, metavar="S",
                        help="minimum time of one value, used to calibrate iterations (default 0.1, full 0.5)")
    parser.add_argument("--cpus", type=cpu_list, metavar="LIST",
                        help="pin the run to these CPUs with taskset: a 1-core run of a 2-core machine is --cpus 0")
    parser.add_argument("--ab", metavar="same|cpus=LIST|bin=DIR", action="append",
                        help="also run another configuration, interleaved with the first round by round, and compare "
                             "it with the first pair by pair: the same again (same: the run's own A/A, whose noise "
                             "sets the verdicts' threshold), other CPUs (cpus=0) or another build's binaries "
                             "(bin=../old/build/release/bin); give it again for more, e.g. --ab same --ab cpus=0")
    parser.add_argument("--out", type=Path, metavar="DIR", help="where to write (default reports/<host>-<timestamp>)")
    parser.add_argument("--seed", type=int, help="seed of the random order, to repeat a run's order")
    parser.add_argument("--probe-seconds", type=seconds, default=3.0, metavar="S",
                        help="length of the stability probe before the suite (default 3)")
    parser.add_argument("--process-timeout", type=seconds, default=900.0, metavar="S",
                        help="longest one concbench process may run before it is killed (default 900)")
    parser.add_argument("--no-build", action="store_true", help="use build/release as it is")
    parser.add_argument("--bin", type=Path, metavar="DIR",
                        help="run the concbench binaries in DIR instead of build/release/bin (implies --no-build)")
    parser.add_argument("--store", metavar="PATH|URL",
                        help="the results store to add the run to (default: $CONCBENCH_STORE, else "
                             "~/.local/share/concbench/results.sqlite); a PostgreSQL URL's password comes from the "
                             "environment or ~/.pgpass, never from here")
    parser.add_argument("--no-store", action="store_true", help="do not add the run to the results store")
    own, extra = (argv[:argv.index("--")], argv[argv.index("--") + 1:]) if "--" in argv else (argv, [])
    for old, new in (("--repetitions", "--processes"), ("--interleave", "nothing: runs are always interleaved")):
        if any(arg == old or arg.startswith(old + "=") for arg in own):
            parser.error(f"{old} is gone; use {new}")
    args = parser.parse_args(own)
    args.extra = extra
    for flag in ("precision", "ratio_precision"):
        if not 0 < getattr(args, flag) < 1:
            parser.error(f"--{flag.replace('_', '-')} needs a fraction in (0, 1), not {getattr(args, flag)}")
    if args.max_processes is None:
        args.max_processes = max(16, args.processes, args.summary_processes)
    args.summary_processes = max(args.summary_processes, args.processes)
    if args.store and args.no_store:
        parser.error("--store and --no-store do not go together")
    if args.store and store_url_has_password(args.store):
        parser.error("--store has a password in it: put the URL in CONCBENCH_STORE, or the password in PGPASSWORD "
                     "or ~/.pgpass")
    if args.max_processes < args.processes:
        parser.error(f"--max-processes {args.max_processes} is fewer than --processes {args.processes}")
    return args


def store_url_has_password(location: str) -> bool:
    from concbench.store.connection import has_password     # SQLAlchemy: only when a store is named
    return has_password(location)


def commit_label() -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPOSITORY, capture_output=True,
                                text=True, timeout=10).stdout.strip() or "unknown"
        dirty = subprocess.run(["git", "diff", "--quiet", "HEAD"], cwd=REPOSITORY, timeout=10).returncode != 0
        return commit + ("+dirty" if dirty else "")
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"


def cpus_exist(cpus: str) -> bool:
    return subprocess.run(["taskset", "-c", cpus, "true"], capture_output=True).returncode == 0


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    bin_dir = args.bin or REPOSITORY / "build" / "release" / "bin"
    if args.bin and not (args.bin / "concbench").exists():
        print(f"bench: --bin {args.bin}: no concbench there", file=sys.stderr)
        return 2
    base = runner.Config(label=f"cpus {args.cpus}" if args.cpus else "all CPUs", bin_dir=bin_dir, cpus=args.cpus)
    try:
        configs = [base] + [runner.parse_config(spec, base) for spec in args.ab or []]
    except ResultsError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    if len({c.label for c in configs}) != len(configs):
        print("bench: --ab gives the same configuration twice (use --ab same for an A′ identical to A)", file=sys.stderr)
        return 2
    for config in configs:
        if config.cpus and not cpus_exist(config.cpus):
            print(f"bench: cannot pin to CPUs '{config.cpus}' on this machine", file=sys.stderr)
            return 2
    if not (args.no_build or args.bin) and subprocess.run([str(REPOSITORY / "scripts" / "build")]).returncode != 0:
        return 1
    host = socket.gethostname().split(".")[0]
    out = args.out or REPOSITORY / "reports" / f"{host}-{datetime.now():%Y%m%d-%H%M%S}"
    out_dirs = [out] if len(configs) == 1 else [out / chr(ord("a") + i) for i in range(len(configs))]
    options = runner.Options(suite="full" if args.full else "quick", filter=args.filter, processes=args.processes,
                             summary_processes=args.summary_processes, max_processes=args.max_processes,
                             precision=args.precision, ratio_precision=args.ratio_precision,
                             time_budget=args.time_budget or (None if args.full else QUICK_TIME_BUDGET), values=args.values,
                             min_time=args.min_time, process_timeout=args.process_timeout,
                             probe_seconds=args.probe_seconds, seed=args.seed, extra=args.extra,
                             commit=commit_label(), command="scripts/bench " + " ".join(sys.argv[1:] if argv is None else argv))
    try:
        written = runner.run_suite(configs, options, out_dirs)
    except runner.RunError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bench: interrupted: " + kept_text(out_dirs) + "; scripts/report.py makes a report of it", file=sys.stderr)
        return 130
    import compare      # matplotlib and scipy: imported once there is something to draw, not before
    import report
    status = 0
    for path, directory in zip(written, out_dirs):
        with contextlib.redirect_stdout(io.StringIO()):      # report.py prints its path; so do we, below
            made = report.main([str(path), "-o", str(directory)])
        if made != 0:
            print(f"bench: report.py failed; the results are in {path}", file=sys.stderr)
            status = 1
        else:
            print(f"bench: report: {directory / 'index.html'} (and report.md)")
    for index, (path, config) in enumerate(zip(written[1:], configs[1:]), start=1):
        labels = f"{configs[0].label},{config.label}"
        target = out / ("compare" if len(configs) == 2 else f"compare-{chr(ord('a') + index)}")
        if compare.main([str(written[0]), str(path), "-o", str(target), "--labels", labels]) != 0:
            status = 1
    if not args.no_store:
        status = max(status, store_runs(written, args.store))
    failures = failed_benchmarks(written)
    if failures:
        print(f"bench: {len(failures)} benchmark(s) failed: " + ", ".join(failures[:5])
              + (" ..." if len(failures) > 5 else ""), file=sys.stderr)
        status = 1
    print(f"bench: results: {', '.join(map(str, written))}")
    return status


def kept_text(out_dirs) -> str:
    """What an interrupted run kept, and where: its results files, marked incomplete."""
    import json
    parts = []
    for directory in out_dirs:
        path = directory / "results.json"
        try:
            entries = json.loads(path.read_text()).get("benchmarks", [])
        except (OSError, ValueError):
            continue
        measured = [e for e in entries if not e.get("error_occurred")]
        parts.append(f"{len(measured)} values of {len({e.get('run_name') for e in measured})} benchmarks in {path}")
    return ("kept " + "; ".join(parts) + " (marked incomplete)") if parts else "nothing was measured yet"


def store_runs(paths, location) -> int:
    """Adds every results file of the run to the results store; a store that cannot take them is
    one line, and the results files stay where they are."""
    import json

    from concbench import store
    try:
        with store.open_store(location, create=True) as db:
            ids = [store.add_run(db, json.loads(Path(path).read_text()), source=str(path)) for path in paths]
        print(f"bench: stored as run{'s' if len(ids) > 1 else ''} {', '.join(map(str, ids))} in "
              f"{store.masked(location or store.default_location())}")
        return 0
    except (store.StoreError, OSError, ValueError) as error:
        print(f"bench: not stored: {error}", file=sys.stderr)
        return 1


def failed_benchmarks(paths) -> list[str]:
    import json
    names = []
    for path in paths:
        for entry in json.loads(Path(path).read_text()).get("benchmarks", []):
            if entry.get("error_occurred") and entry["name"] not in names:
                names.append(entry["name"])
    return names


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:           # before the suite started, or while reporting after it
        print("bench: interrupted (nothing of this run is lost that was written: see the lines above)", file=sys.stderr)
        sys.exit(130)
