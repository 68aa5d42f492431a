"""Accepted changes: a change point in a machine's history that someone has looked at and accepted
as its new normal (a kernel upgrade that costs 3%, a move to fewer CPUs), kept in the store so that
scripts/history --fail-on-regression stops failing on it, and every user of the store sees it."""

from __future__ import annotations

from sqlalchemy import select

from .connection import Store
from .errors import StoreError
from .schema import accepted_changes, runs, utc_now


def accept(store: Store, run_id: int, subject: str, note: str = "") -> bool:
    """Marks the change of `subject` (a workload or a benchmark) whose first run after it is
    `run_id` as accepted; returns False when it already was."""
    with store.writing() as conn:
        machine = conn.execute(select(runs.c.machine_id).where(runs.c.id == run_id)).scalar()
        if machine is None:
            raise StoreError(f"{store.where}: no run {run_id} (scripts/store list shows them)")
        known = conn.execute(select(accepted_changes.c.id).where(
            (accepted_changes.c.machine_id == machine) & (accepted_changes.c.subject == subject)
            & (accepted_changes.c.run_id == run_id))).scalar()
        if known is not None:
            return False
        conn.execute(accepted_changes.insert().values(machine_id=machine, subject=subject, run_id=run_id,
                                                      note=note, accepted_at=utc_now()))
        return True


def accepted(store: Store, machine_id: int) -> list[tuple[str, int, str]]:
    """(subject, run id, note) of every change accepted on the machine."""
    with store.reading() as conn:
        rows = conn.execute(select(accepted_changes.c.subject, accepted_changes.c.run_id, accepted_changes.c.note)
                            .where(accepted_changes.c.machine_id == machine_id).order_by(accepted_changes.c.id))
        return [(subject, run_id, note) for subject, run_id, note in rows]
