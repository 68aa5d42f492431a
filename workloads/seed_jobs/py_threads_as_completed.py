"""The course's second version: ThreadPoolExecutor.submit for each job, results taken with
as_completed, in the order the jobs finish (recorded, so the harness can check it)."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import options, serve, start_threads, sum_range  # noqa: E402  (first: the script's set-up is timed from here)

from concurrent.futures import ThreadPoolExecutor, as_completed  # noqa: E402


def sum_generator(n):
    return sum_range(1, n + 1)


workers = options().workers
pool = ThreadPoolExecutor(max_workers=workers)
start_threads(pool, workers)


def run(*work_list):
    futures = {pool.submit(sum_generator, n): job for job, n in enumerate(work_list)}
    sums, completion_order = [0] * len(work_list), []
    for future in as_completed(futures):
        job = futures[future]
        sums[job] = future.result()
        completion_order.append(job)
    return sums + completion_order


serve(run, close=pool.shutdown)
