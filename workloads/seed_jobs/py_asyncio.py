"""The jobs from an event loop: loop.run_in_executor hands each to a process pool, and
asyncio.gather collects the sums in job order while the loop itself stays free."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import options, serve, sum_range  # noqa: E402  (first: the script's set-up is timed from here)

import asyncio  # noqa: E402
from concurrent.futures import ProcessPoolExecutor  # noqa: E402


def sum_generator(n):  # defined before the pool forks its workers, which must know it
    return sum_range(1, n + 1)


workers = options().workers
loop = asyncio.new_event_loop()
pool = ProcessPoolExecutor(max_workers=workers)
pool.submit(int).result()  # starts every worker process now, outside the timed part


async def run_all(work_list):
    return await asyncio.gather(*(loop.run_in_executor(pool, sum_generator, n) for n in work_list))


def run(*work_list):
    return loop.run_until_complete(run_all(work_list))


def close():
    pool.shutdown()
    loop.close()


serve(run, close)
