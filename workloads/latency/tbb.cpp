#include <tbb/global_control.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>

#include "workloads/latency/latency.hpp"

namespace latency {

int tbb_in_flight(int concurrency) {
  return std::min(concurrency, static_cast<int>(tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism)));
}

//! The pitfall, measured: one task per request in a task_group, each blocking its thread in a
//! sleep. The arena is asked for `concurrency` slots, but TBB runs no more threads than cores,
//! so no more than tbb_in_flight(concurrency) requests wait at once.
Runner make_tbb(int concurrency) {
  auto arena = std::make_shared<tbb::task_arena>(concurrency);
  arena->initialize();
  return [arena](std::chrono::milliseconds delay, concbench::RequestLog& log) {
    std::atomic<std::uint64_t> completed{0}, id_sum{0};
    arena->execute([&] {
      tbb::task_group group;
      for (int id = 0; id < log.requests(); ++id)
        group.run([&, id] {
          const auto due = log.due(id);  // when a TBB thread takes it
          std::this_thread::sleep_for(delay);
          log.done(id, due);
          ++completed;
          id_sum += static_cast<std::uint64_t>(id);
        });
      group.wait();
    });
    return Result{completed, id_sum};
  };
}

const bool added = models().add({.name = "tbb",
                                  .what = "tbb::task_group tasks that block: no more in flight than TBB's threads",
                                  .make = make_tbb,
                                  .in_flight = tbb_in_flight});

}  // namespace latency
