"""latency on threads: a ThreadPoolExecutor of `concurrency` threads, each request a
time.sleep — blocking, but the GIL is released while a thread sleeps, so the waits overlap."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import options, serve, start_threads  # noqa: E402  (first: the script's set-up is timed from here)

import time  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402


def request(request_id, delay):
    started = time.perf_counter()  # the request's latency counts from when a thread takes it
    time.sleep(delay)
    return request_id, time.perf_counter() - started


concurrency = options().concurrency
pool = ThreadPoolExecutor(max_workers=concurrency)
start_threads(pool, concurrency)


def run(requests, delay_ms):
    done = list(pool.map(request, range(requests), [delay_ms / 1000] * requests))
    return [len(done), sum(i for i, _ in done), [seconds for _, seconds in done]]


serve(run, close=pool.shutdown)
