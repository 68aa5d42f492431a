"""Adding runs to the store: one transaction per call, and a run already stored is not added again.

`add_run` is what scripts/bench calls after each run; `import_files` is `scripts/store import`.
An import of several files is all or nothing: every file is read and checked before the store is
touched, and all are written in one transaction, so a bad file among good ones leaves the store
as it was and the error names the bad file (fix or drop it, then import again: what was already
stored is recognised by its digest and skipped).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import exc, select
from sqlalchemy.engine import Connection

from .connection import Store, first_line
from .documents import check_document, read_document
from .errors import StoreError
from .identity import Machine, document_digest, history_of, machine_of, measured_at
from .schema import entries, machines, runs, utc_now

# Two writers on PostgreSQL may both find a machine or run missing and both insert it; the loser's
# transaction fails on the unique constraint and is simply run again, when it finds the row.
ATTEMPTS = 3


@dataclass(frozen=True)
class Stored:
    """The outcome of storing one document."""

    source: str
    run_id: int
    added: bool          # False: the same run was already in the store
    machine: str
    benchmarks: int
    values: int


def add_run(store: Store, document: dict, source: str = "scripts/bench") -> int:
    """Stores one run's document (checked first) unless it is already there; returns its run id."""
    return store_documents(store, [(source, check_document(document, source))])[0].run_id


def import_files(store: Store, paths: list[str]) -> list[Stored]:
    """Reads, checks and stores results files, all in one transaction ("-" is standard input)."""
    documents = [("standard input" if path == "-" else path, read_document(path)) for path in paths]
    return store_documents(store, documents)


def store_documents(store: Store, documents: list[tuple[str, dict]]) -> list[Stored]:
    """Stores (source, document) pairs in one transaction; returns what happened to each."""
    prepared = [(source, document, document_digest(document)) for source, document in documents]
    for attempt in range(ATTEMPTS):
        try:
            with store.writing() as conn:
                return [_store_one(conn, source, document, digest) for source, document, digest in prepared]
        except exc.IntegrityError as error:
            if attempt == ATTEMPTS - 1:
                raise StoreError(f"{store.where}: could not store ({first_line(error)})") from None
    raise AssertionError("unreachable")


def _store_one(conn: Connection, source: str, document: dict, digest: str) -> Stored:
    context, benchmark_entries = document["context"], document["benchmarks"]
    machine = machine_of(context)
    counts = dict(benchmarks=len({entry_run_name(e) for e in benchmark_entries}), values=len(benchmark_entries))
    existing = conn.execute(select(runs.c.id).where(runs.c.digest == digest)).scalar()
    if existing is not None:
        return Stored(source, existing, False, machine.name, **counts)
    now = utc_now()
    machine_id = _machine_id(conn, machine, now)
    extra = {key: value for key, value in document.items() if key not in ("context", "benchmarks")}
    run_id = conn.execute(runs.insert().values(
        machine_id=machine_id, digest=digest, stored_at=now, source=source,
        measured_at=measured_at(context, datetime.now(timezone.utc)),
        benchmark_count=counts["benchmarks"], entry_count=counts["values"],
        context=to_json(context), extra=to_json(extra), **history_of(context),
    )).inserted_primary_key[0]
    conn.execute(entries.insert(), [entry_row(run_id, position, entry)
                                    for position, entry in enumerate(benchmark_entries)])
    return Stored(source, run_id, True, machine.name, **counts)


def _machine_id(conn: Connection, machine: Machine, now: str) -> int:
    identity = {"name": machine.name, "cpu_model": machine.cpu_model, "physical_cores": machine.physical_cores,
                "hardware_threads": machine.hardware_threads, "ram_gib": machine.ram_gib}
    found = conn.execute(select(machines.c.id).filter_by(**identity)).scalar()
    if found is not None:
        return found
    return conn.execute(machines.insert().values(first_stored_at=now, **identity)).inserted_primary_key[0]


def to_json(value) -> str:
    """Compact JSON text, key order kept; ASCII only, so no engine's text encoding can refuse it."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True)


def entry_run_name(entry: dict) -> str:
    return str(entry.get("run_name") or entry["name"])


def _whole(value) -> int | None:
    """A process or round number for its INTEGER column; anything else stays only in the JSON."""
    return value if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2 ** 31 else None


def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def entry_row(run_id: int, position: int, entry: dict) -> dict:
    """An entry as a row: the verbatim JSON plus the fields SQL queries look for."""
    failed = entry.get("error_occurred") or entry.get("skipped")
    return {
        "run_id": run_id, "position": position, "name": entry["name"], "run_name": entry_run_name(entry),
        "run_type": str(entry.get("run_type", "iteration")),
        "concbench_process": _whole(entry.get("concbench_process")),
        "concbench_round": _whole(entry.get("concbench_round")),
        "real_time": _number(entry.get("real_time")), "cpu_time": _number(entry.get("cpu_time")),
        "time_unit": entry.get("time_unit") if isinstance(entry.get("time_unit"), str) else None,
        "error": str(entry.get("error_message") or entry.get("skip_message") or "error") if failed else None,
        "entry": to_json(entry),
    }
