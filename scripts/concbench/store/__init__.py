"""The results store: every run kept, on SQLite by default or on a PostgreSQL a team shares.

    from concbench import store
    with store.open_store(create=True) as db:          # the default store (connection.py)
        run_id = store.add_run(db, document, source="scripts/bench")
    with store.open_store() as db:
        documents = store.select(db, "vm@all")           # selectors.py has the grammar

It keeps each run's whole document — context (machine fingerprint and catalog included) and every
entry with its counters, in order — so any report can be rebuilt from it, and a run read back is
equal to the one stored. Modules, one job each: identity (what is a machine, a run, a change),
documents (reading and checking Google Benchmark JSON), schema (tables and versions),
connection (where the store is, opening it, secrets kept out of messages), writing (adding
runs), reading (listing and rebuilding), selectors (the grammar naming runs). docs/store.md
has the rules, the commands and measured timings.

The machine rule, in short: a machine is (host name or concbench_machine, cpu_model,
physical_cores, hardware_threads, RAM rounded up to GiB); kernel, OS, compiler and flags, library
versions, commit and the CPUs in use may change within its history (identity.py says why).
"""

from .connection import Store, default_location, has_password, masked, open_store
from .documents import check_document, read_document, write_document
from .errors import StoreError
from .identity import HISTORY_FIELDS, Machine, changed_fields, document_digest, machine_of
from .marks import accept, accepted
from .reading import MachineSummary, RunSummary, list_machines, list_runs, load_documents
from .schema import SCHEMA_VERSION
from .selectors import documents_from, parse_selector, select, select_run_ids, select_runs
from .writing import Stored, add_run, import_files, store_documents

open = open_store   # store.open(url), as gzip.open: the one way in

__all__ = [
    "Store", "StoreError", "open", "open_store", "default_location", "has_password", "masked",
    "add_run", "import_files", "store_documents", "Stored",
    "select", "select_runs", "select_run_ids", "parse_selector", "documents_from",
    "list_machines", "list_runs", "load_documents", "MachineSummary", "RunSummary",
    "check_document", "read_document", "write_document",
    "HISTORY_FIELDS", "Machine", "machine_of", "changed_fields", "document_digest", "SCHEMA_VERSION",
    "accept", "accepted",
]
