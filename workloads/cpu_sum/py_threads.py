"""cpu_sum on threads: ThreadPoolExecutor.map, one chunk of 1..n per worker. The GIL lets one
thread at a time run Python, so on CPU work this takes the serial time whatever `workers` says."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import options, serve, split, start_threads, sum_range  # noqa: E402  (first: the script's set-up is timed from here)

from concurrent.futures import ThreadPoolExecutor  # noqa: E402

workers = options().workers
pool = ThreadPoolExecutor(max_workers=workers)
start_threads(pool, workers)


def sum_chunk(chunk):
    first, last = chunk
    return sum_range(first, last)


def run(n):
    return sum(pool.map(sum_chunk, split(1, n + 1, workers)))


serve(run, close=pool.shutdown)
