"""The README's workload table lists exactly the models each workload's model table holds.

The model tables (one row per model file, `concbench --list-models`) are the one list the
benchmarks, the tests and the docs read; this keeps the docs from drifting. ctest passes the
built concbench in CONCBENCH_BIN.
"""

import os
import re
import subprocess
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_models() -> dict[str, set[str]]:
    """workload -> models, from the rows of the README table headed | workload | ... | models |."""
    rows, in_table = {}, False
    for line in README.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[0] == "workload" and cells[-1] == "models":
            in_table = True
            continue
        if in_table and not line.startswith("|"):
            break
        if in_table and (name := re.fullmatch(r"`(\w+)`", cells[0])):
            models = re.sub(r"\(.*?\)", "", cells[-1])          # "(+ wrk as a peer)" is not a model
            rows[name.group(1)] = {m.strip().strip("`") for m in models.split(",") if m.strip()}
    return rows


@pytest.mark.skipif(not os.environ.get("CONCBENCH_BIN"), reason="needs the built concbench (run through ctest)")
def test_readme_lists_every_model_of_every_workload():
    listed = subprocess.run([os.environ["CONCBENCH_BIN"], "--list-models"], capture_output=True, text=True,
                            timeout=30, check=True).stdout
    tables: dict[str, set[str]] = {}
    for line in listed.splitlines():
        workload, model, _ = line.split("\t")
        tables.setdefault(workload, set()).add(model)
    assert readme_models() == tables
