"""The shape of the Python side: the catalog is the one place that knows models and workloads, and
modules stay small enough to read.

STYLE.md items 11 and 14: a model is declared once, in its C++ row; the scripts read kinds, traits
and order from the catalog each run carries, never from a name. A string constant equal to a model
or workload name anywhere in scripts/ outside the catalog module is a name compared in logic.
"""

import ast
import json
import os
import subprocess

import pytest

from conftest import SCRIPTS

CATALOG_MODULE = SCRIPTS / "concbench" / "catalog.py"
MAX_MODULE_LINES = 400
# Strings that are a model's name by coincidence only: Google Benchmark's own entry field `threads`
# (how many threads it ran a benchmark on) is not the threads model.
NOT_NAMES = {"threads"}


def python_files():
    return sorted(p for p in SCRIPTS.rglob("*.py") if "__pycache__" not in p.parts)


def catalog_names() -> set[str]:
    """Every model and workload name the shipped snapshot and, where built, this build's catalog know."""
    catalogs = [json.loads((SCRIPTS / "concbench" / "catalog_snapshot.json").read_text())]
    if os.environ.get("CONCBENCH_BIN"):
        listed = subprocess.run([os.environ["CONCBENCH_BIN"], "--list-models", "--json"], capture_output=True,
                                text=True, timeout=60, check=True).stdout
        catalogs.append(json.loads(listed))
    names = set()
    for catalog in catalogs:
        names |= {w["name"] for w in catalog["workloads"]} | {m["name"] for m in catalog["models"]}
    return names


def string_constants(tree) -> list[tuple[int, str]]:
    """(line, value) of every string constant that is not a docstring."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body \
                and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
            docstrings.add(id(node.body[0].value))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_no_script_compares_a_model_or_workload_name():
    names = catalog_names()
    assert {"serial", "cpu_sum", "py_serial"} <= names
    found = []
    for path in python_files():
        if path == CATALOG_MODULE:
            continue
        for line, value in string_constants(ast.parse(path.read_text(), str(path))):
            if value in names and value not in NOT_NAMES:
                found.append(f"{path.relative_to(SCRIPTS)}:{line}: {value!r}")
    assert found == [], "names belong in the catalog, not in the scripts:\n" + "\n".join(found)


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(SCRIPTS)))
def test_no_module_is_longer_than_400_lines(path):
    assert len(path.read_text().splitlines()) <= MAX_MODULE_LINES


@pytest.mark.skipif(not os.environ.get("CONCBENCH_BIN"), reason="needs the built concbench (run through ctest)")
def test_the_catalog_lists_what_the_model_tables_hold():
    """--list-models --json is the same tables as --list-models, with every trait the scripts read."""
    binary = os.environ["CONCBENCH_BIN"]
    text = subprocess.run([binary, "--list-models"], capture_output=True, text=True, timeout=60, check=True).stdout
    listed = {tuple(line.split("\t")[:2]) for line in text.splitlines() if "\tskipped: " not in line}
    catalog = json.loads(subprocess.run([binary, "--list-models", "--json"], capture_output=True, text=True,
                                        timeout=60, check=True).stdout)
    assert {(m["workload"], m["name"]) for m in catalog["models"]} == listed
    kinds = {w["name"]: w["kind"] for w in catalog["workloads"]}
    assert set(kinds.values()) <= {"compute", "memory_bound", "request", "queue", "overhead"}
    assert {m["workload"] for m in catalog["models"]} <= set(kinds)
    for workload in kinds:
        baselines = [m["name"] for m in catalog["models"] if m["workload"] == workload and m["baseline"]]
        assert len(baselines) <= 1, workload
    for model in catalog["models"]:
        assert set(model) >= {"uses_cores", "takes_workers", "in_processes", "python", "counterpart", "order"}
        if model["python"] and model["counterpart"]:
            assert (model["workload"], model["counterpart"]) in listed          # stands beside a C++ model of its own workload
    orders = {}
    for model in catalog["models"]:
        assert orders.setdefault(model["name"], model["order"]) == model["order"]   # one place in every listing
