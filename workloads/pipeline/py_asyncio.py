"""The washer and dryers on one event loop: asyncio.Queue(maxsize=Q) between P washer and C dryer
tasks; a sleep is asyncio.sleep, but CPU work runs on the loop's only thread and stalls it."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import options, serve, sum_range  # noqa: E402  (first: the script's set-up is timed from here)

import asyncio  # noqa: E402

from pipeline import Spec, Tally, dishes_of, now, reply  # noqa: E402


async def stage_work(amount):
    if amount and spec.cpu:
        sum_range(1, amount + 1)
    elif amount:
        await asyncio.sleep(amount / 1e6)


async def washer(number, dish_queue, dried, deepest):
    for dish in dishes_of(spec, number):
        due = now()
        await stage_work(spec.wash)
        await dish_queue.put((dish, number, due))
        deepest[number] = max(deepest[number], dish_queue.qsize())
        if spec.acknowledge:
            await dried[number].get()


async def dryer(dish_queue, dried, tally):
    while (item := await dish_queue.get()) is not None:
        dish, washed_by, due = item
        await stage_work(spec.dry)
        tally.add(dish, due)
        if spec.acknowledge:
            dried[washed_by].put_nowait(dish)


async def run_all():
    dish_queue = asyncio.Queue(maxsize=spec.capacity)  # maxsize 0: unbounded
    dried = [asyncio.Queue() for _ in range(spec.producers)]
    tallies = [Tally() for _ in range(spec.consumers)]
    deepest = [0] * spec.producers
    dryers = [asyncio.create_task(dryer(dish_queue, dried, tally)) for tally in tallies]
    await asyncio.gather(*(washer(w, dish_queue, dried, deepest) for w in range(spec.producers)))
    for _ in dryers:
        await dish_queue.put(None)
    await asyncio.gather(*dryers)
    return reply(spec, tallies, max(deepest))


spec = Spec(*options().spec)
loop = asyncio.new_event_loop()


def run():
    return loop.run_until_complete(run_all())


serve(run, close=loop.close)
