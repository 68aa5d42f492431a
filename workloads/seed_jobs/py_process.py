"""The course's example with processes instead: ProcessPoolExecutor.map(sum_generator, WORK_LIST).
Each worker process has its own interpreter and GIL, so the jobs run on every core; the pool
starts once, outside the timed part."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import options, serve, sum_range  # noqa: E402  (first: the script's set-up is timed from here)

from concurrent.futures import ProcessPoolExecutor  # noqa: E402


def sum_generator(n):  # defined before the pool forks its workers, which must know it
    return sum_range(1, n + 1)


workers = options().workers
pool = ProcessPoolExecutor(max_workers=workers)
pool.submit(int).result()  # starts every worker process now, outside the timed part


def run(*work_list):
    return list(pool.map(sum_generator, work_list))


serve(run, close=pool.shutdown)
