"""latency on green threads: gevent, a greenlet per request awaiting gevent.sleep, and a
gevent.pool.Pool of `concurrency` that keeps that many waiting at once."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import options, serve  # noqa: E402  (first: the script's set-up is timed from here)

import time  # noqa: E402

import gevent  # noqa: E402
import gevent.pool  # noqa: E402


def request(request_id, delay):
    started = time.perf_counter()  # the request's latency counts from when its greenlet starts
    gevent.sleep(delay)
    return request_id, time.perf_counter() - started


concurrency = options().concurrency
pool = gevent.pool.Pool(concurrency)


def run(requests, delay_ms):
    done = pool.map(lambda request_id: request(request_id, delay_ms / 1000), range(requests))
    return [len(done), sum(i for i, _ in done), [seconds for _, seconds in done]]


serve(run)
