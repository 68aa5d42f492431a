"""What makes two runs the same machine, the same run, or a changed setup — pure functions of a context.

The machine rule. A machine is the tuple

    (name, cpu_model, physical_cores, hardware_threads, ram_gib)

where `name` is the context's `concbench_machine` if a run sets one (`--benchmark_context=
concbench_machine=ci-runner-1`, for hosts whose hostname changes on every boot), else Google
Benchmark's `host_name` (else the older `hostname` field), and `ram_gib` is `ram_bytes` (the
kernel's MemTotal) rounded *up* to whole GiB. The hardware fields are there because a hostname
alone is reused: a rebuilt or resized VM keeps its name but is not the machine whose history it
would continue, and its numbers must not be read as a regression of the old one. The hostname is
there because two machines of one model are still two machines (a team store holds several).
RAM is rounded because MemTotal moves by a few MB between kernels (what the kernel reserves);
rounding up recovers the installed size, so a kernel update is not a new machine but a RAM
upgrade is. Missing fields (older runs) count as "" or 0, so such runs still group together.

What may change within one machine's history (HISTORY_FIELDS): kernel, OS, compiler and flags,
build type, library versions, concbench's commit, the CPUs in use (`concbench_cpus` pinning,
`usable_cpus`/`usable_cores`, the cgroup's share), the exact MemTotal, the governor and the suite.
Every run keeps them in columns of its own, so change-point detection can say which one changed
between two runs (`changed_fields`).

The run rule. A run is identified by the SHA-256 of its document's canonical JSON (keys sorted,
no whitespace): it needs nothing from the writer, survives re-indenting and key reordering, and
is the same for the dict scripts/bench holds and the results.json it writes, so adding a run
after `scripts/bench` and importing its file later stores it once. An edited file is a different
run, on purpose: the store never decides which of two contents is the real one.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import astuple, dataclass
from datetime import datetime, timezone

GIB = 2 ** 30

# Context fields that may change between runs of one machine; each is a column of `runs`.
HISTORY_FIELDS = (
    "kernel", "os", "compiler", "compiler_flags", "build_type", "library_build_type",
    "benchmark_version", "boost_version", "tbb_version", "openmp_version",
    "concbench_commit", "concbench_suite", "concbench_cpus", "usable_cpus", "usable_cores",
    "ram_bytes", "cpu_governor", "machine_cpu_source",
)


@dataclass(frozen=True)
class Machine:
    """The fields that identify a machine (see the module docstring for why these)."""

    name: str
    cpu_model: str
    physical_cores: int
    hardware_threads: int
    ram_gib: int

    def key(self) -> tuple:
        return astuple(self)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _whole_number(value) -> int:
    """A count from the context, where C++ writes strings ("2"); 0 when absent or not a number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0
    return int(number) if math.isfinite(number) and number >= 0 else 0


def machine_name(context: dict) -> str:
    return (_text(context.get("concbench_machine")) or _text(context.get("host_name"))
            or _text(context.get("hostname")) or "unknown")


def machine_of(context: dict) -> Machine:
    """The machine a run's context describes."""
    ram_bytes = _whole_number(context.get("ram_bytes"))
    return Machine(
        name=machine_name(context),
        cpu_model=_text(context.get("cpu_model")),
        physical_cores=_whole_number(context.get("physical_cores")),
        hardware_threads=_whole_number(context.get("hardware_threads")) or _whole_number(context.get("num_cpus")),
        ram_gib=math.ceil(ram_bytes / GIB),
    )


def history_of(context: dict) -> dict:
    """The fields that may change within one machine's history, as text ("" when absent)."""
    return {field: _context_text(context.get(field)) for field in HISTORY_FIELDS}


def _context_text(value) -> str:
    """A context value as one string: strings as they are, anything else as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def changed_fields(before: dict, after: dict) -> dict:
    """{field: (before, after)} for the history fields that differ between two runs' histories."""
    return {field: (before.get(field, ""), after.get(field, "")) for field in HISTORY_FIELDS
            if before.get(field, "") != after.get(field, "")}


def canonical_json(document) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def document_digest(document: dict) -> str:
    """The run's identity: SHA-256 (hex) of its canonical JSON."""
    return hashlib.sha256(canonical_json(document).encode("ascii")).hexdigest()


def measured_at(context: dict, fallback: datetime) -> str:
    """The run's date in UTC as sortable ISO text ("2026-12-01T22:59:11Z").

    Google Benchmark writes local time with an offset; one without an offset is taken as UTC;
    an absent or unreadable date falls back to when the run was stored."""
    try:
        moment = datetime.fromisoformat(str(context.get("date")))
    except ValueError:
        moment = fallback
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
