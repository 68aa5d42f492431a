"""The course's serial crawler: requests.get for one URL after another, each on a new connection
(the course measured 52.9 s for 500 requests of 100 ms)."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import options, serve  # noqa: E402  (first: the script's set-up is timed from here)

import time  # noqa: E402

import requests  # noqa: E402
from crawl import generate_urls, report  # noqa: E402


def run(count, delay_ms):
    replies = []
    for url in generate_urls(server, name, delay_ms, count):
        start = time.perf_counter()
        response = requests.get(url)
        replies.append((response.status_code, response.text, time.perf_counter() - start))
    return report(replies)


settings = options()
server, name = settings.url, settings.name
serve(run)
