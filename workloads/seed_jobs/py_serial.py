"""The course's jobs one after another: [sum_generator(n) for n in WORK_LIST]. The baseline of
the Python models (their ideal and speedup rest on it); each sum is checked against C++ serial's."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import serve, sum_range  # noqa: E402  (first: the script's set-up is timed from here)


def sum_generator(n):
    """The course's job, summing f(i) for i in 1..n: its sum(range(1, n + 1)) has a closed form."""
    return sum_range(1, n + 1)


def run(*work_list):
    return [sum_generator(n) for n in work_list]


serve(run)
