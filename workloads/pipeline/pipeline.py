"""What the Python pipelines (py_*.py) share, as pipeline.hpp has it for C++: the spec concbench
passes, one stage's work on one dish, the tally of dried dishes concbench checks, and each dish's
latency: from its washer starting it to a dryer having dried it."""

import time
from collections import namedtuple

from py_model import split, sum_range

MASK = 0xFFFFFFFFFFFFFFFF

#: The clock of a dish's latency. A dish is due when its washer starts it (the closed loop) and
#: carries that time to its dryer, which may be another process: perf_counter is
#: clock_gettime(CLOCK_MONOTONIC) on Linux, one clock for every process of a host (not of two),
#: and the clock of C++'s steady_clock too.
now = time.perf_counter
if time.get_clock_info("perf_counter").implementation != "clock_gettime(CLOCK_MONOTONIC)":
    now = time.monotonic  # CLOCK_MONOTONIC wherever Python has it

#: P washers, M dishes, a wash's work, the queue's capacity Q (0: unbounded), C dryers, a dry's
#: work; cpu: works are cpu_sum terms (else microseconds asleep); acknowledge: request-response.
Spec = namedtuple("Spec", "producers items wash capacity consumers dry cpu acknowledge")


def dishes_of(spec, washer):
    """The dish ids washer `washer` washes: a contiguous share of 0..M-1."""
    return range(*split(0, spec.items, spec.producers)[washer])


def stage_work(amount, spec):
    """One stage's work on one dish: `amount` microseconds asleep, or `amount` terms of CPU work."""
    if amount and spec.cpu:
        sum_range(1, amount + 1)
    elif amount:
        time.sleep(amount / 1e6)


class Tally:
    """How many dishes a dryer dried, a checksum of a hash of each id (pipeline::Tally), and each
    dish's latency by id."""

    def __init__(self, count=0, checksum=0, latencies=None):
        self.count, self.checksum, self.latencies = count, checksum, latencies or {}

    def add(self, dish, due):
        """Dish `dish`, which its washer started at `due` (now()), is dried now."""
        self.latencies[dish] = now() - due
        z = (dish + 0x9E3779B97F4A7C15) & MASK  # splitmix64's finaliser
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        self.count += 1
        self.checksum = (self.checksum + (z ^ (z >> 31))) & MASK


def reply(spec, tallies, deepest):
    """What a run returns to concbench: dishes dried, their checksum, the longest queue seen, then
    every dish's latency in seconds, by id (-1 for a dish no dryer dried: concbench refuses it)."""
    latencies = [-1.0] * spec.items
    for tally in tallies:
        for dish, seconds in tally.latencies.items():
            latencies[dish] = seconds
    return [sum(t.count for t in tallies), sum(t.checksum for t in tallies) & MASK, deepest, latencies]
