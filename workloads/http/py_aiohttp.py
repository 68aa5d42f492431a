"""The course's asyncio crawler: aiohttp, one ClientSession, a task per URL and an
asyncio.Semaphore that keeps `concurrency` requests in flight. The session and its keep-alive
connections are opened in set-up, as the C++ async model opens its connections."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import options, serve  # noqa: E402  (first: the script's set-up is timed from here)

import asyncio  # noqa: E402
import time  # noqa: E402

import aiohttp  # noqa: E402
from crawl import generate_urls, report  # noqa: E402


async def fetch(session, url, in_flight):
    async with in_flight:
        start = time.perf_counter()
        async with session.get(url) as response:
            # The delay server names no charset: text() alone would guess one (chardet), ~0.25 ms a reply.
            body = await response.text(encoding="utf-8")
        return response.status, body, time.perf_counter() - start


async def crawl(session, urls, concurrency):
    in_flight = asyncio.Semaphore(concurrency)
    return await asyncio.gather(*(fetch(session, url, in_flight) for url in urls))


async def open_session(concurrency):
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency))


def main(loop):
    """Sets up on `loop` (asyncio's own, or uvloop's for py_uvloop) and serves concbench."""
    settings = options()
    session = loop.run_until_complete(open_session(settings.concurrency))

    def run(count, delay_ms):
        urls = generate_urls(settings.url, settings.name, delay_ms, count)
        return report(loop.run_until_complete(crawl(session, urls, settings.concurrency)))

    def close():
        loop.run_until_complete(session.close())
        loop.close()

    run(settings.concurrency, 0)  # opens the keep-alive connections now, outside the timed part
    serve(run, close)


if __name__ == "__main__":
    main(asyncio.new_event_loop())
