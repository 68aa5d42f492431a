"""What the course material the project grew from contributes beside the C++ models: the times its
books printed for cases concbench also runs, and the Python libraries its programs use, whose
versions each run records (course_figures.json holds both, as data).
"""

from __future__ import annotations

import json
import subprocess
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("course_figures.json")
# The interpreter of the course's Python programs (Debian's, where their libraries are installed).
MODEL_PYTHON = "/usr/bin/python3"


@lru_cache(maxsize=1)
def data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def libraries() -> tuple:
    return tuple(data().get("libraries", ()))


def python_versions() -> dict:
    """{"python": "3.11.2", "aiohttp": "3.8.4", ...} of /usr/bin/python3, asked once when a run
    starts; a library that is missing is left out, and an interpreter that does not answer gives {}."""
    script = ("import importlib.metadata as m, json, platform\n"
              "found = {'python': platform.python_version()}\n"
              f"for name in {list(libraries())!r}:\n"
              "    try: found[name] = m.version(name)\n"
              "    except m.PackageNotFoundError: pass\n"
              "print(json.dumps(found))")
    try:
        done = subprocess.run([MODEL_PYTHON, "-c", script], capture_output=True, text=True, timeout=30)
        return json.loads(done.stdout) if done.returncode == 0 else {}
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError):
        return {}
