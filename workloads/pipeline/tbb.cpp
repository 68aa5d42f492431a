#include <tbb/enumerable_thread_specific.h>
#include <tbb/flow_graph.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <memory>

#include "workloads/pipeline/pipeline.hpp"

namespace pipeline {
namespace {

struct Washed {
  std::uint64_t id;
  concbench::RequestClock::time_point due;  // when the wash node started it
};

}  // namespace

//! A oneTBB flow graph: a queue_node holds the ids, a wash function_node of concurrency P
//! feeds a dry function_node of concurrency C, whose input buffer is the queue between them.
//! Backpressure is a limiter_node that admits P + Q + C items at a time (washing, waiting,
//! drying) and is decremented as each item dries; request-response admits one item per washer.
//! The arena has a thread per washer and dryer, since sleeping bodies block their thread; TBB
//! would otherwise cap its workers at the core count.
Runner make_tbb(const Spec& spec) {
  const int threads = spec.producers + spec.consumers;
  auto allowed = std::make_shared<tbb::global_control>(tbb::global_control::max_allowed_parallelism, threads);
  auto arena = std::make_shared<tbb::task_arena>(threads);
  return [spec, allowed, arena](concbench::RequestLog& log) {
    tbb::enumerable_thread_specific<Tally> tallies;
    std::atomic<std::int64_t> waiting{0}, deepest{0};
    arena->execute([&] {
      using namespace tbb::flow;
      graph g;
      queue_node<std::uint64_t> dirty(g);  // the pile of items not yet washed
      // rejecting: a busy washer leaves items on the pile (or in the limiter's hands), so the
      // only buffer between the stages is the dryers' input queue.
      function_node<std::uint64_t, Washed, rejecting> wash(g, spec.producers, [&](std::uint64_t id) {
        const auto due = log.due(static_cast<int>(id));
        serve(spec.wash, spec);
        note_depth(deepest, ++waiting);
        return Washed{id, due};
      });
      function_node<Washed, continue_msg> dry(g, spec.consumers, [&](const Washed& item) {
        --waiting;
        serve(spec.dry, spec);
        tallies.local().add(item.id);
        log.done(static_cast<int>(item.id), item.due);
        return continue_msg{};
      });
      const int admitted = spec.acknowledge ? spec.producers : spec.producers + spec.capacity + spec.consumers;
      limiter_node<std::uint64_t> limiter(g, static_cast<std::size_t>(admitted));
      if (spec.acknowledge || spec.capacity > 0) {
        make_edge(dirty, limiter);
        make_edge(limiter, wash);
        make_edge(dry, limiter.decrementer());
      } else {
        make_edge(dirty, wash);
      }
      make_edge(wash, dry);
      for (std::uint64_t id = 0; id < spec.items; ++id) dirty.try_put(id);
      g.wait_for_all();
    });
    Result result{{}, deepest};
    for (const auto& tally : tallies) result.delivered += tally;
    return result;
  };
}

const bool added = models().add({.name = "tbb",
                                  .what = "a oneTBB flow graph, a limiter node for the capacity",
                                  .make = make_tbb,
                                  .bounds_items_in_flight = true});

}  // namespace pipeline
