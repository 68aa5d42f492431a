"""The course's washer and dryers on threads: queue.Queue(maxsize=Q) between P washer and C dryer
threads (started on each call, as the C++ threads model's are); a None per dryer is its "quit".
With request-response each washer waits for its dish's acknowledgement on a queue of its own."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import options, serve  # noqa: E402  (first: the script's set-up is timed from here)

import queue  # noqa: E402
import threading  # noqa: E402

from pipeline import Spec, Tally, dishes_of, now, reply, stage_work  # noqa: E402


def washer(number, dish_queue, dried, deepest):
    for dish in dishes_of(spec, number):
        due = now()
        stage_work(spec.wash, spec)
        dish_queue.put((dish, number, due))
        deepest[number] = max(deepest[number], dish_queue.qsize())
        if spec.acknowledge:
            dried[number].get()


def dryer(dish_queue, dried, tally):
    while (item := dish_queue.get()) is not None:
        dish, washed_by, due = item
        stage_work(spec.dry, spec)
        tally.add(dish, due)
        if spec.acknowledge:
            dried[washed_by].put(dish)


def run():
    dish_queue = queue.Queue(maxsize=spec.capacity)  # maxsize 0: unbounded
    dried = [queue.Queue() for _ in range(spec.producers)]
    tallies = [Tally() for _ in range(spec.consumers)]
    deepest = [0] * spec.producers
    dryers = [threading.Thread(target=dryer, args=(dish_queue, dried, tally)) for tally in tallies]
    washers = [threading.Thread(target=washer, args=(w, dish_queue, dried, deepest)) for w in range(spec.producers)]
    for thread in dryers + washers:
        thread.start()
    for thread in washers:
        thread.join()
    for _ in dryers:
        dish_queue.put(None)
    for thread in dryers:
        thread.join()
    return reply(spec, tallies, max(deepest))


spec = Spec(*options().spec)
serve(run)
