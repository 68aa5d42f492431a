"""Where runs come from: a results file, or a selector naming runs in the results store (`latest`,
a machine's name, `vm@2`, `vm@all`, a run id — store/selectors.py has the grammar). report.py and
compare.py take either wherever they take a file."""

from __future__ import annotations

from pathlib import Path

from .load import load_run, run_from_json
from .runs import ResultsError, Run


def is_file(argument: str) -> bool:
    return argument == "-" or Path(argument).exists() or argument.endswith(".json") or "/" in argument


def load_runs(arguments: list[str], store_location: str | None = None) -> list[Run]:
    """Every run the arguments name, in order (a selector may name several); one-line errors."""
    runs = []
    for argument in arguments:
        if is_file(argument):
            runs.append(load_run(argument))
            continue
        from . import store      # SQLAlchemy: only when a store is asked
        try:
            documents = store.documents_from(argument, store_location)
        except store.StoreError as error:
            raise ResultsError(str(error)) from None
        if not documents:
            raise ResultsError(f"{argument}: no run in the store matches it")
        for index, document in enumerate(documents):
            runs.append(run_from_json(document, argument if len(documents) == 1 else f"{argument}#{index + 1}"))
    return runs
