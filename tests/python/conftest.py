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
