"""A machine's history as the results store keeps it, turned into what the change-point detector
reads (history.Run: each benchmark's value per process, run by run), and back into what a reader
needs: when a change happened, by how much, and what in the machine's fingerprint changed there.

The default gate is on workload geometric means (the catalog says which benchmarks a workload
has), where one noisy benchmark cannot raise an alarm; single benchmarks can be asked for too.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from . import history
from .load import run_from_json
from .runs import Run


@dataclass(frozen=True)
class StoredRun:
    run_id: int
    measured_at: str
    history: dict            # the fingerprint fields that may change within a machine's history
    run: Run


def detector_run(stored: StoredRun) -> history.Run:
    """Each closed-loop benchmark's time, one value per process (the median of its values)."""
    values = {}
    for bench in stored.run.ok():
        if bench.open_loop:            # its time is the schedule's
            continue
        by_process: dict = {}
        for index in bench.kept:
            key = bench.processes[index] if bench.processes else index
            by_process.setdefault(key, []).append(bench.times_s[index])
        values[bench.label] = [statistics.median(v) for v in by_process.values()]
    return history.Run(str(stored.run_id), values)


def workloads_of(runs: list[StoredRun]) -> dict:
    """{workload: its closed-loop benchmarks}, in the catalog's order, from the newest run."""
    latest = runs[-1].run
    found: dict = {}
    for workload in latest.workloads():
        names = sorted({b.label for r in runs for b in r.run.ok(workload) if not b.open_loop})
        if names:
            found[workload] = names
    return found


def load_history(db, machine: str) -> list[StoredRun]:
    """Every run of `machine` in the store, oldest first (its name, or machine:ID)."""
    from . import store
    summaries = store.select_runs(db, f"{machine}@all")
    documents = store.load_documents(db, [s.id for s in summaries])
    return [StoredRun(s.id, s.measured_at, s.history, run_from_json(d, f"run {s.id}"))
            for s, d in zip(summaries, documents)]


@dataclass(frozen=True)
class Finding:
    """A change point as the reader gets it: the subject, where, how much, and what changed there."""

    analysis: history.SeriesAnalysis
    point: history.ChangePoint
    when: str
    changed: dict            # fingerprint field -> (before, after), between the runs either side
    accepted: bool

    def text(self) -> str:
        point = self.point
        direction = "slower" if point.ratio > 1 else "faster"
        size = point.ratio if point.ratio >= 1 else 1 / point.ratio
        low, high = sorted((point.ratio_low, point.ratio_high) if point.ratio >= 1
                           else (1 / point.ratio_high, 1 / point.ratio_low))
        head = (f"{point.direction}: {point.subject} from run {point.run_id} ({self.when}) on: {size:.2f}× "
                f"({low:.2f}–{high:.2f}) {direction}, p = {point.p_value:.1g}")
        what = ("; what changed there: " + ", ".join(f"{k} {a or '–'} → {b or '–'}" for k, (a, b) in self.changed.items())
                if self.changed else "; nothing in the fingerprint changed there")
        return head + what + (" [accepted]" if self.accepted else "")


def findings(analyses, runs: list[StoredRun], accepted_marks) -> list[Finding]:
    from .store import changed_fields
    by_id = {str(r.run_id): r for r in runs}
    order = [str(r.run_id) for r in runs]
    found = []
    for analysis in analyses:
        for point in analysis.change_points:
            after = by_id[point.run_id]
            before = by_id[order[order.index(point.run_id) - 1]] if order.index(point.run_id) > 0 else after
            accepted = history.is_accepted(point, analysis.history_run_ids, accepted_marks)
            found.append(Finding(analysis, point, after.measured_at, changed_fields(before.history, after.history),
                                 accepted))
    return found


def select_benchmarks(runs: list[StoredRun], pattern: str) -> list[str]:
    """The closed-loop benchmark names matching a regular expression (one-line error if none)."""
    names = sorted({b.label for r in runs for b in r.run.ok() if not b.open_loop})
    try:
        chosen = [n for n in names if re.search(pattern, n)]
    except re.error as error:
        raise history.HistoryError(f"--benchmark {pattern!r} is not a regular expression ({error})") from None
    if not chosen:
        raise history.HistoryError(f"no benchmark of this history matches {pattern!r}")
    return chosen
