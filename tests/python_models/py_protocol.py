"""A Python model for the bridge's own tests: `run A B` answers their sum, and the options make
it misbehave in the ways a real model can (a failure in set-up, in a call, a crash, a hang)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "workloads" / "common"))
import py_model  # noqa: E402

misbehave = sys.argv[1] if len(sys.argv) > 1 else ""
if misbehave == "fail-setup":
    import no_such_module_anywhere  # noqa: F401


def run(a, b):
    print("a stray print goes to standard error")
    if b == 0:
        return a // b                  # ZeroDivisionError: an error reply, and the model serves on
    if b == -1:
        import os
        os._exit(3)                    # a crash
    if b == -2:
        import time
        time.sleep(30)                 # a hang
    return [a + b, a * b]


py_model.serve(run)
