#include <tbb/concurrent_queue.h>

#include <algorithm>
#include <deque>
#include <limits>
#include <semaphore>
#include <thread>
#include <vector>

#include "workloads/pipeline/pipeline.hpp"

namespace pipeline {
namespace {

struct Item {
  std::uint64_t id;
  int producer;
  concbench::RequestClock::time_point due;  // when its washer started it
};
constexpr std::uint64_t stop = std::numeric_limits<std::uint64_t>::max();  // the "quit" message

}  // namespace

//! queue.Queue(maxsize=Q) with washer and dryer threads: oneTBB's concurrent_bounded_queue is
//! the library's blocking queue — push waits while it is full (backpressure), pop while it is
//! empty — so no mutex and condition variable of our own. One "stop" item per dryer ends them;
//! with request-response each washer waits on a semaphore the dryer releases.
Runner make_threads(const Spec& spec) {
  return [spec](concbench::RequestLog& log) {
    tbb::concurrent_bounded_queue<Item> queue;
    if (spec.capacity > 0) queue.set_capacity(spec.capacity);
    std::deque<std::binary_semaphore> dried;
    for (int p = 0; p < spec.producers; ++p) dried.emplace_back(0);
    std::vector<Tally> tallies(spec.consumers);
    std::atomic<std::int64_t> deepest{0};
    {
      std::vector<std::jthread> dryers;
      for (int c = 0; c < spec.consumers; ++c)
        dryers.emplace_back([&, c] {
          for (Item item;;) {
            queue.pop(item);
            if (item.id == stop) return;
            serve(spec.dry, spec);
            tallies[c].add(item.id);
            log.done(static_cast<int>(item.id), item.due);
            if (spec.acknowledge) dried[item.producer].release();
          }
        });
      {
        std::vector<std::jthread> washers;
        for (int p = 0; p < spec.producers; ++p)
          washers.emplace_back([&, p] {
            const auto items = items_of(spec, p);
            for (std::uint64_t id = items.first; id < items.last; ++id) {
              const auto due = log.due(static_cast<int>(id));
              serve(spec.wash, spec);
              queue.push({id, p, due});
              // size() is pushes minus pops: it counts washers still blocked in push, so clamp
              note_depth(deepest, spec.capacity > 0 ? std::min<std::ptrdiff_t>(queue.size(), spec.capacity) : queue.size());
              if (spec.acknowledge) dried[p].acquire();
            }
          });
      }
      for (int c = 0; c < spec.consumers; ++c) queue.push({stop, -1, {}});
    }
    Result result{{}, deepest};
    for (const auto& tally : tallies) result.delivered += tally;
    return result;
  };
}

const bool added = models().add({.name = "threads",
                                  .what = "producer and consumer threads on a tbb::concurrent_bounded_queue (queue.Queue)",
                                  .make = make_threads});

}  // namespace pipeline
