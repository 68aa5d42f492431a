"""cpu_sum in plain Python, one loop: sum f(i) for i in 1..n. The baseline of the Python models
(their ideal and speedup rest on it), checked against the C++ serial answer like every model."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import serve, sum_range  # noqa: E402  (first: the script's set-up is timed from here)


def run(n):
    return sum_range(1, n + 1)


serve(run)
