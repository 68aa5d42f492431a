"""Small helpers the tests share: fixture runs, a benchmark by its label, and its speedup and efficiency
as the analysis gives them."""

from concbench.analysis import Analysis
from concbench.load import load_run
from conftest import FIXTURES


def loaded(name):
    """A fixture file, loaded."""
    return load_run(FIXTURES / name)


def bench(run, label):
    """The benchmark of `run` whose label (name without Google Benchmark's suffixes) is `label`."""
    return next(b for b in run.all() if b.label == label)


def speedup(run, bench):
    return Analysis(run).speedup(bench)


def efficiency(run, bench):
    return Analysis(run).efficiency(bench)
