"""The course's example: ThreadPoolExecutor.map(sum_generator, WORK_LIST), results in submission
order. The GIL lets one thread at a time run Python: the course measured 4.53 s, no faster than
serial, and so it is here."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import options, serve, start_threads, sum_range  # noqa: E402  (first: the script's set-up is timed from here)

from concurrent.futures import ThreadPoolExecutor  # noqa: E402


def sum_generator(n):
    return sum_range(1, n + 1)


workers = options().workers
pool = ThreadPoolExecutor(max_workers=workers)
start_threads(pool, workers)


def run(*work_list):
    return list(pool.map(sum_generator, work_list))


serve(run, close=pool.shutdown)
