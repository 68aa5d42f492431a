"""The store's tables, its schema version, and what opening a store of another version does.

Four tables and a version:

- machines: one row per machine, unique on the identity rule's fields (identity.py).
- runs: one row per run, unique on the digest of its canonical JSON; the machine it ran on, when
  it was measured and stored, where it came from, each HISTORY_FIELDS value in a column of its
  own (what may change within a machine's history), and the whole context verbatim as JSON text
  (the catalog string included), so nothing the writer put there is lost.
- entries: every entry of the run's `benchmarks` list (every value of every process, errors and
  aggregates included) in its original position, verbatim as JSON text with all its counters.
  A few of its fields are copied into columns (run_name, process, round, real_time, ...) for SQL
  queries and indexes; the JSON text is the truth an exported document is rebuilt from.
- accepted_changes: a change point in a machine's history that someone has looked at and
  accepted as the new normal (scripts/history accept), so that the regression gate passes it:
  the subject (a workload or a benchmark) and the first run after the change. (Version 2.)
- schema_version: one row per version applied; the store's version is the highest.

JSON is kept as text rather than a JSON column type: PostgreSQL's json type rejects NaN, jsonb
reorders keys, and text is what both engines store and return byte for byte.

A store newer than this code is refused with one line, before anything is read or written: an
old concbench must not write rows a newer schema does not expect. An older store is migrated by
the steps in MIGRATIONS, inside one transaction; a version with no path to this one is refused.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

from sqlalchemy import (Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
                        UniqueConstraint, func, inspect, select, text)
from sqlalchemy.engine import Connection

from .errors import StoreError
from .identity import HISTORY_FIELDS

SCHEMA_VERSION = 2

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", String(20), nullable=False),
)

machines = Table(
    "machines", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("cpu_model", Text, nullable=False),
    Column("physical_cores", Integer, nullable=False),
    Column("hardware_threads", Integer, nullable=False),
    Column("ram_gib", Integer, nullable=False),
    Column("first_stored_at", String(20), nullable=False),
    UniqueConstraint("name", "cpu_model", "physical_cores", "hardware_threads", "ram_gib",
                     name="machine_identity"),
)

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("machine_id", Integer, ForeignKey("machines.id"), nullable=False, index=True),
    Column("digest", String(64), nullable=False, unique=True),
    Column("measured_at", String(20), nullable=False, index=True),
    Column("stored_at", String(20), nullable=False),
    Column("source", Text, nullable=False),
    Column("benchmark_count", Integer, nullable=False),
    Column("entry_count", Integer, nullable=False),
    *(Column(field, Text, nullable=False) for field in HISTORY_FIELDS),
    Column("context", Text, nullable=False),
    Column("extra", Text, nullable=False),      # top-level keys besides context and benchmarks
)

entries = Table(
    "entries", metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("run_name", Text, nullable=False),
    Column("run_type", Text, nullable=False),
    Column("concbench_process", Integer),
    Column("concbench_round", Integer),
    Column("real_time", Float),
    Column("cpu_time", Float),
    Column("time_unit", Text),
    Column("error", Text),
    Column("entry", Text, nullable=False),
    Index("entries_by_run_name", "run_name"),
)

accepted_changes = Table(
    "accepted_changes", metadata,
    Column("id", Integer, primary_key=True),
    Column("machine_id", Integer, ForeignKey("machines.id"), nullable=False, index=True),
    Column("subject", Text, nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("note", Text, nullable=False),
    Column("accepted_at", String(20), nullable=False),
    UniqueConstraint("machine_id", "subject", "run_id", name="one_mark_per_change"),
)

TABLES = ("schema_version", "machines", "runs", "entries", "accepted_changes")


def add_accepted_changes(conn: Connection) -> None:
    """Version 1 -> 2: the table of accepted change points."""
    accepted_changes.create(conn)


# MIGRATIONS[n] turns a version-n store into version n+1 on an open transaction.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: add_accepted_changes}

# Any constant: PostgreSQL sessions preparing the same store take turns on this advisory lock.
_PREPARE_LOCK = 0x636F6E63


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def stored_version(conn: Connection, where: str) -> int | None:
    """The store's schema version, None when it has no tables yet; refuses a store this code
    cannot use: another program's tables, or a schema newer than it knows."""
    tables = set(inspect(conn).get_table_names())
    if "schema_version" not in tables:
        if tables:
            raise StoreError(f"{where}: not a concbench store (it holds other tables: "
                             f"{', '.join(sorted(tables)[:5])})")
        return None
    version = conn.execute(select(func.max(schema_version.c.version))).scalar()
    if version is None:
        raise StoreError(f"{where}: its schema_version table is empty; not a store this concbench can use")
    if version > SCHEMA_VERSION:
        raise StoreError(f"{where}: store schema version {version} is newer than this concbench knows "
                         f"({SCHEMA_VERSION}); update concbench to use it")
    return version


def prepare(conn: Connection, where: str, create: bool) -> int:
    """Creates or migrates the schema on a write transaction when needed; returns the version."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PREPARE_LOCK})
    version = stored_version(conn, where)
    if version is None:
        if not create:
            raise StoreError(f"{where}: no concbench store here yet (scripts/store import creates one)")
        metadata.create_all(conn)
        conn.execute(schema_version.insert().values(version=SCHEMA_VERSION, applied_at=utc_now()))
    elif version < SCHEMA_VERSION:
        migrate(conn, where, version)
    return SCHEMA_VERSION


def migrate(conn: Connection, where: str, version: int) -> None:
    missing = [step for step in range(version, SCHEMA_VERSION) if step not in MIGRATIONS]
    if missing:
        raise StoreError(f"{where}: store schema version {version} cannot be migrated to {SCHEMA_VERSION}; "
                         "export its runs with the concbench that wrote them and import them here")
    for step in range(version, SCHEMA_VERSION):
        MIGRATIONS[step](conn)
        conn.execute(schema_version.insert().values(version=step + 1, applied_at=utc_now()))
