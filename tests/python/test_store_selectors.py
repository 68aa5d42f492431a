"""The selector grammar (parsing only; what selectors find in a store is in test_store_sqlite.py)."""

import pytest

from concbench.store.errors import StoreError
from concbench.store.selectors import ALL, parse_selector


@pytest.mark.parametrize("text, expected", [
    ("42", dict(run_id=42)), ("run:7", dict(run_id=7)),
    ("latest", dict(position=1)), ("latest@3", dict(position=3)), ("latest@all", dict(position=ALL)),
    ("vm", dict(machine_name="vm", position=1)), ("vm@2", dict(machine_name="vm", position=2)),
    ("ryzen-b.lan@all", dict(machine_name="ryzen-b.lan", position=ALL)),
    ("machine:3", dict(machine_id=3, position=1)), ("machine:3@all", dict(machine_id=3, position=ALL)),
])
def test_selector_grammar(text, expected):
    parsed = parse_selector(text)
    for key, value in expected.items():
        assert getattr(parsed, key) == value


@pytest.mark.parametrize("text", ["", "vm@0", "vm@x", "vm@", "run:x", "run:4@2", "machine:x", "@2", "two words"])
def test_malformed_selectors_are_one_line_errors(text):
    with pytest.raises(StoreError) as error:
        parse_selector(text)
    assert "\n" not in str(error.value)
