"""The catalog: what C++ knows about every workload and model, as the scripts read it.

concbench writes its model tables and workload facts into every run's context (the string
`concbench_catalog`, also printed by `concbench --list-models --json`): each workload's kind
(compute, memory_bound, request, queue, overhead), unit of work, what its ideal means and the counter
that answers it; each model's traits (its place in listings, whether it uses more than one
core, takes a worker count, runs in other processes, is one of the course's Python programs,
and the C++ model a Python one stands beside). Everything in the analysis, the charts and the
report that depends on which model or workload a benchmark is asks this module — no name is
compared anywhere else, so a new model or workload needs no edit here.

A run written before runs carried their catalog is read with the snapshot shipped beside this
module (catalog_snapshot.json); the report says so in one line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

CONTEXT_KEY = "concbench_catalog"
SNAPSHOT = Path(__file__).with_name("catalog_snapshot.json")

# The kinds a workload can have; "generic" is one the catalog does not know (a newer concbench,
# or a workload from another tool): it gets a plain table and chart, so nothing is dropped.
KINDS = ("compute", "memory_bound", "request", "queue", "overhead", "generic")


@dataclass(frozen=True)
class WorkloadFacts:
    name: str
    kind: str = "generic"
    what: str = ""
    unit: str = "unit"
    ideal: str | None = None           # what its ideal_s counter means; None: it states none
    speedup: str | None = None         # what serial time / model time is here; None: nothing
    measure: str | None = None         # the counter that answers it where time alone does not
    lower_is_better: bool = True       # of `measure`
    against: str | None = None         # the counter `measure` is drawn against (grain_s)
    order: int = 1_000_000

    @property
    def has_speedup(self) -> bool:
        """Whether serial time / model time means something here (work split over workers, waits
        overlapped); overheads and queues answer with a counter of their own instead. A workload
        the catalog does not know is given the benefit of the doubt."""
        return self.speedup is not None or self.kind == "generic"

    @property
    def overlap(self) -> bool:
        """Whether its speedup is waits overlapped, N × L / time, rather than serial work divided."""
        return self.kind == "request" and self.speedup is not None


@dataclass(frozen=True)
class ModelFacts:
    workload: str
    name: str
    what: str = ""
    baseline: bool = False             # the oracle the others are checked against
    uses_cores: bool = True            # False: one thread whatever `workers` says
    takes_workers: bool = True
    in_processes: bool = False         # its work runs in other processes
    python: bool = False               # one of the course's Python programs
    reference: str | None = None       # the model its ideal and speedup rest on, if not the baseline
    counterpart: str | None = None     # a Python model's C++ counterpart
    family: str = ""                   # the vocabulary model it is a variant of
    order: int = 1_000_000             # its place in every listing and legend


@dataclass(frozen=True)
class Catalog:
    workloads: dict = field(default_factory=dict)      # name -> WorkloadFacts
    models: dict = field(default_factory=dict)         # (workload, name) -> ModelFacts
    from_snapshot: bool = False

    def workload(self, name: str) -> WorkloadFacts:
        return self.workloads.get(name) or WorkloadFacts(name)

    def model(self, workload: str, name: str) -> ModelFacts:
        found = self.models.get((workload, name))
        if found is not None:
            return found
        # A model this catalog does not list (merged files, a newer build): known traits from
        # another workload, else the defaults of a C++ model placed after every known one.
        elsewhere = [m for (_, n), m in self.models.items() if n == name]
        if elsewhere:
            return ModelFacts(workload, name, python=elsewhere[0].python, family=elsewhere[0].family,
                              order=elsewhere[0].order)
        return ModelFacts(workload, name, family=name)

    def baseline(self, workload: str) -> str | None:
        """The model every other one of the workload is checked against."""
        return next((m.name for (w, _), m in self.models.items() if w == workload and m.baseline), None)

    def reference(self, workload: str, model: str) -> str | None:
        """The model whose time `model`'s speedup rests on: its own reference, else the baseline."""
        facts = self.model(workload, model)
        return facts.reference or self.baseline(workload)

    def is_baseline(self, workload: str, model: str) -> bool:
        return self.model(workload, model).baseline

    def is_python(self, workload: str, model: str) -> bool:
        return self.model(workload, model).python

    def model_rank(self, workload: str, model: str) -> tuple:
        facts = self.model(workload, model)
        return facts.order, model

    def order_models(self, workload: str | None, models) -> list[str]:
        """Models in the catalog's order (serial first, variants after their model, Python last)."""
        return sorted(set(models), key=lambda m: self.model_rank(workload or "", m))

    def order_workloads(self, workloads) -> list[str]:
        """Workloads in the docs' order, whatever order a run measured them in."""
        return sorted(dict.fromkeys(workloads), key=lambda w: (self.workload(w).order, w))

    def of_kind(self, workloads, *kinds: str) -> list[str]:
        return [w for w in self.order_workloads(workloads) if self.workload(w).kind in kinds]

    def merged(self, other: "Catalog") -> "Catalog":
        """This catalog, completed by what only `other` lists (runs merged from several builds)."""
        return Catalog({**other.workloads, **self.workloads}, {**other.models, **self.models},
                       self.from_snapshot and other.from_snapshot)


class CatalogError(ValueError):
    """A catalog that cannot be read; the message is one line for the user."""


def parse(data: dict, from_snapshot: bool = False) -> Catalog:
    """A Catalog from the parsed JSON concbench writes."""
    if not isinstance(data, dict) or not isinstance(data.get("workloads"), list) \
            or not isinstance(data.get("models"), list):
        raise CatalogError("not a concbench catalog (needs 'workloads' and 'models' lists)")
    workloads, models = {}, {}
    for entry in data["workloads"]:
        known = {k: entry[k] for k in WorkloadFacts.__dataclass_fields__ if k in entry and entry[k] is not None}
        if known.get("kind") not in KINDS:
            known["kind"] = "generic"
        workloads[entry["name"]] = WorkloadFacts(**known)
    for entry in data["models"]:
        known = {k: entry[k] for k in ModelFacts.__dataclass_fields__ if k in entry and entry[k] is not None}
        models[(entry["workload"], entry["name"])] = ModelFacts(**known)
    return Catalog(workloads, models, from_snapshot)


@lru_cache(maxsize=1)
def snapshot() -> Catalog:
    return parse(json.loads(SNAPSHOT.read_text(encoding="utf-8")), from_snapshot=True)


@lru_cache(maxsize=32)
def _from_text(text: str) -> Catalog:
    return parse(json.loads(text))


def from_context(context: dict) -> Catalog:
    """The catalog a run carries, or the shipped snapshot for a run written before they did."""
    text = context.get(CONTEXT_KEY) if isinstance(context, dict) else None
    if not text:
        return snapshot()
    try:
        return _from_text(text if isinstance(text, str) else json.dumps(text))
    except (json.JSONDecodeError, CatalogError, TypeError, KeyError) as error:
        raise CatalogError(f"the run's {CONTEXT_KEY} cannot be read ({error})") from None
