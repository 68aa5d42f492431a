"""Selectors: the small grammar with which scripts name stored runs wherever they take a file.

    42, run:42            run 42 (the id `scripts/store list` shows)
    latest                the newest run in the store
    latest@N              the store's Nth newest run (latest@1 is latest)
    latest@all            every run in the store, oldest first
    NAME                  the newest run of machine NAME (its host name, or concbench_machine)
    NAME@N                its Nth newest run: NAME@1 is NAME, NAME@2 the one before
    NAME@all              all its runs, oldest first
    machine:ID            machine ID (scripts/store list shows ids), with @N or @all as for NAME;
                          for when two machines share a name (see identity.py), or a machine
                          is named like a selector word (latest, digits)

"Newest" is by when the run was measured (its context's date), then by run id. A selector that
matches nothing, or a name that means two machines, is a StoreError saying what there is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select as sql_select

from .connection import Store, open_store
from .documents import read_document
from .errors import StoreError
from .reading import RUN_ORDER, RunSummary, list_runs, load_documents
from .schema import machines, runs

ALL = None      # Selector.position for "@all"


@dataclass(frozen=True)
class Selector:
    """A parsed selector: a run id, or a scope (the store, a machine name or id) and a position."""

    text: str
    run_id: int | None = None
    machine_name: str | None = None
    machine_id: int | None = None
    position: int | None = 1          # 1: newest; ALL: every run of the scope, oldest first

    @property
    def whole_store(self) -> bool:
        return self.run_id is None and self.machine_name is None and self.machine_id is None

    @property
    def scope(self) -> str:
        """What the position counts in, for messages."""
        if self.whole_store:
            return "the store"
        return f"machine '{self.machine_name}'" if self.machine_name is not None else f"machine {self.machine_id}"


def parse_selector(text: str) -> Selector:
    """Parses a selector (grammar in the module docstring); a malformed one is a StoreError."""
    text = text.strip()
    if not text:
        raise StoreError("empty store selector")
    if match := re.fullmatch(r"(?:run:)?(\d+)", text):
        return Selector(text, run_id=int(match.group(1)))
    if text.startswith("run:"):
        raise StoreError(f"store selector '{text}': run: takes a run id (a number, no @)")
    scope, at, position_text = text.rpartition("@") if "@" in text else (text, "", "")
    position = _position(text, position_text) if at else 1
    if scope == "latest":
        return Selector(text, position=position)
    if match := re.fullmatch(r"machine:(\d+)", scope):
        return Selector(text, machine_id=int(match.group(1)), position=position)
    if scope.startswith("machine:") or not scope or re.fullmatch(r"\d+", scope) or re.search(r"[\s@]", scope):
        raise StoreError(f"store selector '{text}': not a run id, latest, a machine name or machine:ID")
    return Selector(text, machine_name=scope, position=position)


def _position(text: str, position_text: str) -> int | None:
    if position_text == "all":
        return ALL
    if re.fullmatch(r"\d+", position_text) and int(position_text) >= 1:
        return int(position_text)
    raise StoreError(f"store selector '{text}': after @ comes N (1 is the newest) or all")


def select_run_ids(store: Store, selector: str) -> list[int]:
    """The ids of the runs a selector names: one run, or (with @all) several, oldest first."""
    parsed = parse_selector(selector)
    with store.reading() as conn:
        if parsed.run_id is not None:
            if conn.execute(sql_select(runs.c.id).where(runs.c.id == parsed.run_id)).scalar() is None:
                raise StoreError(f"{store.where}: no run {parsed.run_id} (scripts/store list shows them)")
            return [parsed.run_id]
        query = sql_select(runs.c.id).order_by(*(column.desc() for column in RUN_ORDER))
        if not parsed.whole_store:
            query = query.where(runs.c.machine_id == _machine_id(conn, store, parsed))
        newest_first = list(conn.execute(query).scalars())
    if not newest_first:
        raise StoreError(f"{store.where}: no runs in {parsed.scope}")
    if parsed.position is ALL:
        return newest_first[::-1]
    if parsed.position > len(newest_first):
        count = len(newest_first)
        raise StoreError(f"{store.where}: no run matches '{parsed.text}' "
                         f"({parsed.scope} has {count} run{'' if count == 1 else 's'})")
    return [newest_first[parsed.position - 1]]


def _machine_id(conn, store: Store, parsed: Selector) -> int:
    if parsed.machine_id is not None:
        if conn.execute(sql_select(machines.c.id).where(machines.c.id == parsed.machine_id)).scalar() is None:
            raise StoreError(f"{store.where}: no machine {parsed.machine_id} (scripts/store list shows them)")
        return parsed.machine_id
    found = list(conn.execute(sql_select(machines.c.id).where(machines.c.name == parsed.machine_name)
                              .order_by(machines.c.id)).scalars())
    if not found:
        names = sorted(set(conn.execute(sql_select(machines.c.name)).scalars()))
        known = f"machines: {', '.join(names[:8])}{', ...' if len(names) > 8 else ''}" if names else "it is empty"
        raise StoreError(f"{store.where}: no machine named '{parsed.machine_name}' ({known})")
    if len(found) > 1:
        choices = ", ".join(f"machine:{machine_id}" for machine_id in found)
        raise StoreError(f"{store.where}: '{parsed.machine_name}' names {len(found)} machines of different "
                         f"hardware; choose one of {choices}")
    return found[0]


def select_runs(store: Store, selector: str) -> list[RunSummary]:
    """The summaries of the runs a selector names, in the selector's order."""
    ids = select_run_ids(store, selector)
    by_id = {run.id: run for run in list_runs(store, ids)}
    return [by_id[run_id] for run_id in ids]


def select(store: Store, selector: str) -> list[dict]:
    """The Google Benchmark documents of the runs a selector names (one, or several with @all)."""
    return load_documents(store, select_run_ids(store, selector))


def documents_from(argument: str, location: str | None = None) -> list[dict]:
    """What report.py and compare.py take: a results file if `argument` is one, else a selector
    for the store at `location` (None: the default store). Raises StoreError, one line."""
    if argument == "-" or Path(argument).exists() or argument.endswith(".json"):
        return [read_document(argument)]
    with open_store(location) as store:
        return select(store, argument)
