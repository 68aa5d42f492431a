"""What the Python pipelines (py_*.py) share, as pipeline.hpp has it for C++: the spec concbench
passes, one stage's work on one dish, and the tally of dried dishes concbench checks."""

import time
from collections import namedtuple

from py_model import split, sum_range

MASK = 0xFFFFFFFFFFFFFFFF

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
    """How many dishes a dryer dried, and a checksum of a hash of each id (pipeline::Tally)."""

    def __init__(self):
        self.count, self.checksum = 0, 0

    def add(self, dish):
        z = (dish + 0x9E3779B97F4A7C15) & MASK  # splitmix64's finaliser
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        self.count += 1
        self.checksum = (self.checksum + (z ^ (z >> 31))) & MASK


def reply(tallies, deepest):
    """What a run returns to concbench: dishes dried, their checksum, the longest queue seen."""
    return [sum(t.count for t in tallies), sum(t.checksum for t in tallies) & MASK, deepest]
