"""The crawler on tornado: AsyncHTTPClient, configured for `concurrency` requests in flight, a
coroutine per URL gathered on tornado's IOLoop, and a tornado.locks.Semaphore of `concurrency`
(the client would queue the rest itself, but then no request could tell when it got its slot).
Tornado's own client opens a new connection per request."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import options, serve  # noqa: E402  (first: the script's set-up is timed from here)

import asyncio  # noqa: E402
import time  # noqa: E402

from tornado.httpclient import AsyncHTTPClient  # noqa: E402
from tornado.ioloop import IOLoop  # noqa: E402
from tornado.locks import Semaphore  # noqa: E402
from crawl import generate_urls, report  # noqa: E402


async def fetch(client, url, in_flight):
    async with in_flight:
        start = time.perf_counter()
        response = await client.fetch(url, raise_error=False)  # a bad status comes back, for concbench to check
        if response.code == 599:
            raise response.error  # no HTTP answer at all
        return response.code, response.body.decode(), time.perf_counter() - start


async def crawl(urls):
    client, in_flight = AsyncHTTPClient(), Semaphore(settings.concurrency)
    return await asyncio.gather(*(fetch(client, url, in_flight) for url in urls))


def run(count, delay_ms):
    urls = generate_urls(server, name, delay_ms, count)
    return report(loop.run_sync(lambda: crawl(urls)))


settings = options()
server, name = settings.url, settings.name
AsyncHTTPClient.configure(None, max_clients=settings.concurrency)
loop = IOLoop()
serve(run, close=loop.close)
