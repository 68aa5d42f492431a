"""The course's washer and dryers on a Redis list: P washer and C dryer processes, started once,
RPUSH and BLPOP dishes through the server (they could run on other machines); a "quit" per dryer
ends its run. A list of Q free-slot tokens is the bound (BLPOP one before each push, give it back
on each pop), and request-response waits on a list per washer. Every wait has a timeout. A dish
carries the time its washer started it (pipeline.now, CLOCK_MONOTONIC): its dryer reads the same
clock because every process here is this script's child, on this host; dryers on another host
would read another clock, and would have to leave the latency to the washer (on acknowledgement)."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import options, serve  # noqa: E402  (first: the script's set-up is timed from here)

import multiprocessing  # noqa: E402

import redis  # noqa: E402
from pipeline import Spec, Tally, dishes_of, now, reply, stage_work  # noqa: E402

TIMEOUT = 60  # seconds: no wait on the server or on another stage is unbounded


def take(server, key, timeout=TIMEOUT):
    """BLPOP with a timeout (0: none): the value, or an error naming what did not come."""
    item = server.blpop(key, timeout=timeout)
    if item is None:
        raise TimeoutError(f"nothing on {key} within {timeout} s")
    return item[1]


def server_url():
    """The server's URL, from the environment: it may carry a password, and a command line (this
    script's and its processes') is visible to every local user."""
    url = os.environ.get("CONCBENCH_REDIS_URL")
    if not url:
        raise RuntimeError("CONCBENCH_REDIS_URL is not set: concbench passes the Redis server's URL in it")
    return url


def washer(number):
    server = redis.Redis.from_url(url)
    while take(server, f"{prefix}:orders:washer:{number}", timeout=0) == b"go":  # idle until the next run
        deepest = 0
        for dish in dishes_of(spec, number):
            due = now()
            stage_work(spec.wash, spec)
            if spec.capacity:
                take(server, f"{prefix}:slots")
            deepest = max(deepest, server.rpush(f"{prefix}:dishes", f"{dish} {number} {due!r}"))
            if spec.acknowledge:
                take(server, f"{prefix}:dried:{number}")
        server.rpush(f"{prefix}:washed", deepest)


def dryer(number):
    server = redis.Redis.from_url(url)
    while take(server, f"{prefix}:orders:dryer:{number}", timeout=0) == b"go":
        tally = Tally()
        while (item := take(server, f"{prefix}:dishes")) != b"quit":
            if spec.capacity:
                server.rpush(f"{prefix}:slots", 1)
            dish, washed_by, due = item.split()
            stage_work(spec.dry, spec)
            tally.add(int(dish), float(due))
            if spec.acknowledge:
                server.rpush(f"{prefix}:dried:{int(washed_by)}", 1)
        latencies = " ".join(f"{dish} {seconds!r}" for dish, seconds in tally.latencies.items())
        server.rpush(f"{prefix}:tallies", f"{tally.count} {tally.checksum} {latencies}")


def run():
    if spec.capacity:
        server.rpush(f"{prefix}:slots", *[1] * spec.capacity)
    for number in range(spec.producers):
        server.rpush(f"{prefix}:orders:washer:{number}", "go")
    for number in range(spec.consumers):
        server.rpush(f"{prefix}:orders:dryer:{number}", "go")
    deepest = max(int(take(server, f"{prefix}:washed")) for _ in range(spec.producers))
    server.rpush(f"{prefix}:dishes", *["quit"] * spec.consumers)
    tallies = []
    for _ in range(spec.consumers):
        count, checksum, *latencies = take(server, f"{prefix}:tallies").split()
        tallies.append(Tally(int(count), int(checksum), {int(d): float(s) for d, s in zip(latencies[::2], latencies[1::2])}))
    server.delete(f"{prefix}:slots")
    return reply(spec, tallies, deepest)


def close():
    for number in range(spec.producers):
        server.rpush(f"{prefix}:orders:washer:{number}", "stop")
    for number in range(spec.consumers):
        server.rpush(f"{prefix}:orders:dryer:{number}", "stop")
    for process in processes:
        process.join(timeout=5)
    server.delete(*server.keys(f"{prefix}:*") or [f"{prefix}:none"])


settings = options()
spec, prefix, url = Spec(*settings.spec), settings.queue, server_url()
server = redis.Redis.from_url(url)
processes = [multiprocessing.Process(target=washer, args=(w,), daemon=True) for w in range(spec.producers)]
processes += [multiprocessing.Process(target=dryer, args=(d,), daemon=True) for d in range(spec.consumers)]
for process in processes:
    process.start()
serve(run, close)
