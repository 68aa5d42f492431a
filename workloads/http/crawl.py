"""What the Python crawlers (py_*.py) share: the course's URLs, and how their replies go back to
concbench, which checks them as it checks its own models' replies (crawl::check_delay_reply), and
their latencies, each timed with time.perf_counter() from when its request got a slot (a thread,
a greenlet, the semaphore) to its reply."""

import random
import string
from collections import Counter
from urllib.parse import quote


def generate_urls(server, name, delay_ms, count):
    """The course's crawler URLs, /add?name=<model>&delay=<ms>&<10 random letters> (against caching)."""
    base = f"{server}/add?name={name}&delay={delay_ms}&"
    return [base + "".join(random.sample(string.ascii_lowercase, 10)) for _ in range(count)]


def tally(replies):
    """Each distinct (status, body) reply once, as `<how many>:<status>:<body, percent-encoded>`."""
    return [f"{count}:{status}:{quote(body, safe='')}" for (status, body), count in Counter(replies).items()]


def report(replies):
    """A crawl's result words from its (status, body, seconds) replies in URL order: the tally,
    then every request's latency in seconds, in the same order (RequestLog::read)."""
    replies = list(replies)  # Executor.map and Pool.map give an iterator
    return tally([(status, body) for status, body, _ in replies]) + [f"{seconds:.7f}" for _, _, seconds in replies]
