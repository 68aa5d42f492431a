"""latency on one event loop: a task per request awaiting asyncio.sleep, its simulated I/O, and
an asyncio.Semaphore that keeps at most `concurrency` of them waiting (the course's pattern)."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import options, serve  # noqa: E402  (first: the script's set-up is timed from here)

import asyncio  # noqa: E402
import time  # noqa: E402


async def request(request_id, delay, in_flight):
    async with in_flight:
        started = time.perf_counter()  # the request's latency counts from when it gets its slot
        await asyncio.sleep(delay)
        return request_id, time.perf_counter() - started


async def run_all(requests, delay):
    in_flight = asyncio.Semaphore(concurrency)
    done = await asyncio.gather(*(request(i, delay, in_flight) for i in range(requests)))
    return [len(done), sum(i for i, _ in done), [seconds for _, seconds in done]]


concurrency = options().concurrency
loop = asyncio.new_event_loop()


def run(requests, delay_ms):
    return loop.run_until_complete(run_all(requests, delay_ms / 1000))


serve(run, close=loop.close)
