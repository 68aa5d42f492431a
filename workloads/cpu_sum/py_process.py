"""cpu_sum on processes: multiprocessing.Pool.starmap, one chunk of 1..n per worker process. The
pool starts once, outside the timed part; each call sends the chunks and adds the partial sums."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import options, serve, split, sum_range  # noqa: E402  (first: the script's set-up is timed from here)

import multiprocessing  # noqa: E402

workers = options().workers
pool = multiprocessing.Pool(workers)


def run(n):
    return sum(pool.starmap(sum_range, split(1, n + 1, workers)))


def close():
    pool.terminate()
    pool.join()


serve(run, close)
