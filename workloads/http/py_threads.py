"""The crawler on threads: requests.get in a ThreadPoolExecutor of `concurrency` threads, each
GET a new connection; a blocked thread releases the GIL, so the waits overlap."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import options, serve, start_threads  # noqa: E402  (first: the script's set-up is timed from here)

import time  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402

import requests  # noqa: E402
from crawl import generate_urls, report  # noqa: E402


def fetch(url):
    start = time.perf_counter()
    response = requests.get(url)
    return response.status_code, response.text, time.perf_counter() - start


def run(count, delay_ms):
    return report(pool.map(fetch, generate_urls(server, name, delay_ms, count)))


settings = options()
server, name = settings.url, settings.name
pool = ThreadPoolExecutor(max_workers=settings.concurrency)
start_threads(pool, settings.concurrency)
serve(run, close=pool.shutdown)
