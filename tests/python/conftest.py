"""Makes scripts/ importable and names the fixture files, whatever directory pytest runs from."""

import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(SCRIPTS))


@pytest.fixture
def fixture_path():
    return lambda name: FIXTURES / name


@pytest.fixture(scope="session")
def machine_a():
    """Five repetitions a side of a 2-core VM, in one process (fixtures/machine_a.json)."""
    from helpers import loaded
    return loaded("machine_a.json")


@pytest.fixture(scope="session")
def machine_b():
    """An 8-core desktop's run of the same suite, with a failed benchmark (fixtures/machine_b.json)."""
    from helpers import loaded
    return loaded("machine_b.json")
