"""The course's washer and dryers on processes: a multiprocessing.JoinableQueue(maxsize=Q) between
P washer and C daemon dryer processes, started once; each call orders every one of them to work.
The dryers call task_done, so the caller's join() waits until every dish is dried; then a None
per dryer is its "quit", and each sends back its tally. A dish carries the time its washer started
it; its dryer, another process, reads the same clock (pipeline.now) when it is dried."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "common"))
from py_model import options, serve  # noqa: E402  (first: the script's set-up is timed from here)

import multiprocessing  # noqa: E402

from pipeline import Spec, Tally, dishes_of, now, reply, stage_work  # noqa: E402


def washer(number, orders, dish_queue, dried, results):
    while orders.get():
        deepest = 0
        for dish in dishes_of(spec, number):
            due = now()
            stage_work(spec.wash, spec)
            dish_queue.put((dish, number, due))
            deepest = max(deepest, dish_queue.qsize())
            if spec.acknowledge:
                dried[number].get()
        results.put(deepest)


def dryer(orders, dish_queue, dried, results):
    while orders.get():
        tally = Tally()
        while (item := dish_queue.get()) is not None:
            dish, washed_by, due = item
            stage_work(spec.dry, spec)
            tally.add(dish, due)
            if spec.acknowledge:
                dried[washed_by].put(dish)
            dish_queue.task_done()
        dish_queue.task_done()
        results.put((tally.count, tally.checksum, tally.latencies))


def run():
    for orders in washer_orders + dryer_orders:
        orders.put(True)
    deepest = max(washer_results.get() for _ in washer_orders)
    dish_queue.join()  # every dish dried
    for _ in dryer_orders:
        dish_queue.put(None)
    tallies = [Tally(*dryer_results.get()) for _ in dryer_orders]
    return reply(spec, tallies, deepest)


def close():
    for orders in washer_orders + dryer_orders:
        orders.put(False)
    for process in processes:
        process.join(timeout=5)


spec = Spec(*options().spec)
dish_queue = multiprocessing.JoinableQueue(maxsize=spec.capacity)  # maxsize 0: unbounded
dried = [multiprocessing.Queue() for _ in range(spec.producers)]
washer_orders = [multiprocessing.Queue() for _ in range(spec.producers)]
dryer_orders = [multiprocessing.Queue() for _ in range(spec.consumers)]
washer_results, dryer_results = multiprocessing.Queue(), multiprocessing.Queue()
processes = [multiprocessing.Process(target=washer, args=(w, orders, dish_queue, dried, washer_results), daemon=True)
             for w, orders in enumerate(washer_orders)]
processes += [multiprocessing.Process(target=dryer, args=(orders, dish_queue, dried, dryer_results), daemon=True)
              for orders in dryer_orders]
for process in processes:
    process.start()
serve(run, close)
