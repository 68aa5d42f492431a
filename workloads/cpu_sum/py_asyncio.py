"""cpu_sum from an event loop: asyncio hands each chunk to a process pool with
loop.run_in_executor and gathers the partial sums, so the loop stays free while the pool works."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import options, serve, split, sum_range  # noqa: E402  (first: the script's set-up is timed from here)

import asyncio  # noqa: E402
from concurrent.futures import ProcessPoolExecutor  # noqa: E402

workers = options().workers
loop = asyncio.new_event_loop()
pool = ProcessPoolExecutor(max_workers=workers)
pool.submit(int).result()  # starts every worker process now, outside the timed part


async def total(n):
    parts = [loop.run_in_executor(pool, sum_range, first, last) for first, last in split(1, n + 1, workers)]
    return sum(await asyncio.gather(*parts))


def run(n):
    return loop.run_until_complete(total(n))


def close():
    pool.shutdown()
    loop.close()


serve(run, close)
