"""The crawler on twisted: twisted.web.client.Agent with a persistent HTTPConnectionPool, a
DeferredSemaphore of `concurrency`, and gatherResults; the reactor runs in a thread of its own
from set-up on, and each call hands it the crawl (blockingCallFromThread)."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import options, serve  # noqa: E402  (first: the script's set-up is timed from here)

import threading  # noqa: E402
import time  # noqa: E402

from twisted.internet import defer, reactor  # noqa: E402
from twisted.internet.threads import blockingCallFromThread  # noqa: E402
from twisted.web.client import Agent, HTTPConnectionPool, readBody  # noqa: E402
from crawl import generate_urls, report  # noqa: E402


def fetch(url):
    """Called when the semaphore gives the request its slot: the latency counts from here."""
    start = time.perf_counter()

    def body_of(response):
        return readBody(response).addCallback(lambda body: (response.code, body.decode(), time.perf_counter() - start))
    return agent.request(b"GET", url.encode()).addCallback(body_of)


def crawl(urls):
    in_flight = defer.DeferredSemaphore(settings.concurrency)
    return defer.gatherResults([in_flight.run(fetch, url) for url in urls], consumeErrors=True)


def run(count, delay_ms):
    return report(blockingCallFromThread(reactor, crawl, generate_urls(settings.url, settings.name, delay_ms, count)))


def close():
    reactor.callFromThread(reactor.stop)


settings = options()
pool = HTTPConnectionPool(reactor)
pool.maxPersistentPerHost = settings.concurrency
agent = Agent(reactor, pool=pool)
threading.Thread(target=reactor.run, kwargs={"installSignalHandlers": False}, daemon=True).start()
run(settings.concurrency, 0)  # opens the keep-alive connections now, outside the timed part
serve(run, close)
