"""Times the store with realistic runs, for the figures docs/store.md quotes (run by hand).

    /usr/bin/python3 tests/python/store_timing.py [POSTGRESQL_URL]

Adds the sample quick run (reports/samples/vm-quick: 283 benchmarks x 3 values) and the largest
quick run (the same at 16 values per benchmark, scripts/bench's ceiling) to a new SQLite store
and, if given, a PostgreSQL database (password from PGPASSWORD or ~/.pgpass), adds nine more
16-value runs, and selects all eleven back with one selector.
"""

import json
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY / "scripts"))
from concbench import store  # noqa: E402


def largest_quick_run(sample: dict, values: int = 16) -> dict:
    """The sample with each benchmark measured `values` times (copies from new process numbers)."""
    copies = -(-values // 3)
    entries = [dict(entry, concbench_process=entry.get("concbench_process", 0) + 1000 * copy)
               for copy in range(copies) for entry in sample["benchmarks"]]
    return {"context": dict(sample["context"]), "benchmarks": entries[: len(sample["benchmarks"]) // 3 * values]}


def seconds(action) -> tuple:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def main(locations: list[str]) -> None:
    sample = json.loads((REPOSITORY / "reports/samples/vm-quick/results.json").read_text())
    big = largest_quick_run(sample)
    print(f"sample: {len(sample['benchmarks'])} values, {len(json.dumps(sample, indent=1)) / 1e6:.1f} MB; "
          f"16-value run: {len(big['benchmarks'])} values, {len(json.dumps(big, indent=1)) / 1e6:.1f} MB")
    for location in locations:
        with store.open_store(location, create=True) as db:
            for name, document in (("sample", sample), ("16-value run", big)):
                _, took = seconds(lambda: store.add_run(db, document))
                print(f"{db.dialect}: add_run {name}: {took:.2f} s")
            for day in range(2, 11):
                store.add_run(db, dict(big, context=dict(big["context"], date=f"2027-01-{day:02d}T00:00:00+00:00")))
            documents, took = seconds(lambda: store.select(db, "vm@all"))    # ten 16-value runs and the sample
            print(f"{db.dialect}: select vm@all: {len(documents)} runs, "
                  f"{sum(len(d['benchmarks']) for d in documents)} values, {took:.2f} s")


if __name__ == "__main__":
    main([str(Path(tempfile.mkdtemp()) / "results.sqlite"), *sys.argv[1:]])
