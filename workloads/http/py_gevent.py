"""The course's gevent crawler: monkey-patched sockets, so requests' blocking GETs yield to other
greenlets; a gevent.pool.Pool of `concurrency` greenlets, one requests.Session whose keep-alive
connections (one per greenlet) are opened in set-up."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import options, serve  # noqa: E402  (first: the script's set-up is timed from here)

from gevent import monkey  # noqa: E402

monkey.patch_all()  # before requests imports socket

import time  # noqa: E402

import gevent.pool  # noqa: E402
import requests  # noqa: E402
from crawl import generate_urls, report  # noqa: E402


def fetch(url):
    start = time.perf_counter()
    response = session.get(url)
    return response.status_code, response.text, time.perf_counter() - start


def run(count, delay_ms):
    return report(pool.map(fetch, generate_urls(server, name, delay_ms, count)))


settings = options()
server, name = settings.url, settings.name
session = requests.Session()
session.mount("http://", requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=settings.concurrency))
pool = gevent.pool.Pool(settings.concurrency)
run(settings.concurrency, 0)  # opens the keep-alive connections now, outside the timed part
serve(run, close=session.close)
