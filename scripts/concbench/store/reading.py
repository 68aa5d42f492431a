"""Reading the store back: summaries of machines and runs, and runs rebuilt as documents.

A rebuilt document is the stored one: the context and every entry come back from their verbatim
JSON text in their original order, so `load_documents` after `add_run` gives a document equal to
the one added (and with the same digest), whichever engine holds it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select

from .connection import Store
from .errors import StoreError
from .identity import HISTORY_FIELDS
from .schema import entries, machines, runs


@dataclass(frozen=True)
class MachineSummary:
    id: int
    name: str
    cpu_model: str
    physical_cores: int
    hardware_threads: int
    ram_gib: int
    runs: int
    first_measured_at: str | None
    last_measured_at: str | None


@dataclass(frozen=True)
class RunSummary:
    """A run's row without its entries: enough to list it, and its history fields to compare."""

    id: int
    machine_id: int
    machine: str
    measured_at: str
    stored_at: str
    source: str
    benchmarks: int
    values: int
    history: dict           # HISTORY_FIELDS -> text ("" when the run did not record it)

    @property
    def commit(self) -> str:
        return self.history["concbench_commit"]

    @property
    def suite(self) -> str:
        return self.history["concbench_suite"]

    @property
    def cpus(self) -> str:
        """The CPUs it was pinned to ("all" when not pinned) and how many it could use."""
        pinned = self.history["concbench_cpus"] or "all"
        usable = self.history["usable_cpus"]
        return f"{pinned} ({usable})" if usable else pinned


def list_machines(store: Store) -> list[MachineSummary]:
    """Every machine with its number of runs and the dates of its first and last, by name."""
    query = (select(machines, func.count(runs.c.id).label("runs"),
                    func.min(runs.c.measured_at).label("first"), func.max(runs.c.measured_at).label("last"))
             .select_from(machines.outerjoin(runs, runs.c.machine_id == machines.c.id))
             .group_by(*machines.c).order_by(machines.c.name, machines.c.id))
    with store.reading() as conn:
        return [MachineSummary(row.id, row.name, row.cpu_model, row.physical_cores, row.hardware_threads,
                               row.ram_gib, row.runs, row.first, row.last) for row in conn.execute(query)]


RUN_ORDER = (runs.c.measured_at, runs.c.id)


def list_runs(store: Store, run_ids: list[int] | None = None) -> list[RunSummary]:
    """The runs given (every run when None), oldest first; an unknown id is left out."""
    query = (select(runs.c.id, runs.c.machine_id, machines.c.name, runs.c.measured_at, runs.c.stored_at,
                    runs.c.source, runs.c.benchmark_count, runs.c.entry_count,
                    *(runs.c[field] for field in HISTORY_FIELDS))
             .join_from(runs, machines, runs.c.machine_id == machines.c.id).order_by(*RUN_ORDER))
    if run_ids is not None:
        query = query.where(runs.c.id.in_(list(run_ids)))
    with store.reading() as conn:
        return [RunSummary(row["id"], row["machine_id"], row["name"], row["measured_at"], row["stored_at"],
                           row["source"], row["benchmark_count"], row["entry_count"],
                           {field: row[field] for field in HISTORY_FIELDS})
                for row in conn.execute(query).mappings()]


def load_documents(store: Store, run_ids: list[int]) -> list[dict]:
    """The Google Benchmark documents of the given runs, in the order given."""
    wanted = list(dict.fromkeys(run_ids))
    with store.reading() as conn:
        heads = {row.id: row for row in conn.execute(
            select(runs.c.id, runs.c.context, runs.c.extra).where(runs.c.id.in_(wanted)))}
        texts: dict[int, list[str]] = {run_id: [] for run_id in heads}
        rows = conn.execute(select(entries.c.run_id, entries.c.entry).where(entries.c.run_id.in_(wanted))
                            .order_by(entries.c.run_id, entries.c.position))
        for run_id, entry in rows:
            texts[run_id].append(entry)
    missing = [run_id for run_id in wanted if run_id not in heads]
    if missing:
        raise StoreError(f"{store.where}: no run {missing[0]}")
    documents = {}
    for run_id, head in heads.items():
        # One json.loads over the joined entries is several times faster than one per entry.
        document = {"context": json.loads(head.context), "benchmarks": json.loads("[" + ",".join(texts[run_id]) + "]")}
        document.update(json.loads(head.extra))
        documents[run_id] = document
    return [documents[run_id] for run_id in run_ids]
