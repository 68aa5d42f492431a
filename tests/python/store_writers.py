"""Runs for the store's tests: one run measured on other days, and writer processes adding them at once.

Run as a script, it is one writer:

    store_writers.py LOCATION FIXTURE FIRST COUNT READY_DIR

It adds COUNT runs, FIXTURE measured on days FIRST, FIRST+1, ..., one transaction each. It opens
the store, leaves a file in READY_DIR and waits (up to 60 s) until the other writer has left one
too, so that both write at the same moment.
"""

import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from concbench import store  # noqa: E402


def dated(document: dict, day: int, month: int = 1, **context) -> dict:
    """The same run measured on another day (and so another run), with context fields changed."""
    copy = json.loads(json.dumps(document))
    copy["context"].update(date=f"2026-{month:02d}-{day:02d}T12:00:00+00:00", **context)
    return copy


def start_writers(location: str, fixture: Path, ready_dir: Path, count: int) -> list:
    """Two writer processes that add `count` runs each, starting at the same moment."""
    return [subprocess.Popen([sys.executable, __file__, location, str(fixture), str(first), str(count),
                              str(ready_dir)], stderr=subprocess.PIPE, text=True)
            for first in (1, 1 + count)]


def wait_for(writers: list) -> None:
    for writer in writers:
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors


def write(location: str, fixture: str, first: int, count: int, ready_dir: Path) -> None:
    document = json.loads(Path(fixture).read_text())
    with store.open_store(location, create=True) as db:
        (ready_dir / f"writer-{first}.ready").touch()
        deadline = time.monotonic() + 60
        while len(list(ready_dir.glob("writer-*.ready"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        for day in range(first, first + count):
            store.add_run(db, dated(document, day, month=2), source=f"writer {first}")


if __name__ == "__main__":
    write(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), Path(sys.argv[5]))
