"""Reading a run's Google Benchmark JSON and checking it is one, before anything is stored.

The store keeps whatever a Google Benchmark document holds, so the check is about shape only:
an object with a `context` object and a non-empty `benchmarks` list whose entries each have a
string `name` and a numeric `real_time` (error entries have one too). Values are not judged here;
the report does that. Every failure is a StoreError with a one-line message naming the source.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .errors import StoreError


def check_document(document, source: str) -> dict:
    """The document itself if it has Google Benchmark's shape; else a StoreError."""
    if not isinstance(document, dict) or not isinstance(document.get("context"), dict) \
            or not isinstance(document.get("benchmarks"), list):
        raise StoreError(f"{source}: not Google Benchmark JSON (needs 'context' and 'benchmarks')")
    if not document["benchmarks"]:
        raise StoreError(f"{source}: contains no benchmarks")
    for index, entry in enumerate(document["benchmarks"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) \
                or not _is_number(entry.get("real_time")):
            raise StoreError(f"{source}: benchmark entry {index} is not Google Benchmark output "
                             "(needs 'name' and 'real_time')")
    return document


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def parse_document(text: str, source: str) -> dict:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise StoreError(f"{source}: not valid JSON, truncated? ({error.msg.lower()}: {where})") from None
    return check_document(document, source)


def read_document(path: str) -> dict:
    """Reads and checks one results file; "-" reads standard input."""
    if path == "-":
        return parse_document(sys.stdin.read(), "standard input")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StoreError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise StoreError(f"{path}: is a directory, not a JSON file") from None
    except UnicodeDecodeError:
        raise StoreError(f"{path}: not JSON (binary content)") from None
    except OSError as error:
        raise StoreError(f"{path}: cannot read ({error.strerror})") from None
    return parse_document(text, path)


def write_document(document: dict, path: str) -> None:
    """Writes a document byte for byte as scripts/bench does (indent=1, no final newline), through
    a temporary file and a rename, so a failed export never leaves half a file; "-" writes
    standard output (with a final newline, for the terminal's sake)."""
    text = json.dumps(document, indent=1)
    if path == "-":
        sys.stdout.write(text + "\n")
        return
    target = Path(path)
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise StoreError(f"{path}: cannot write ({error.strerror})") from None
