#include <tbb/global_control.h>
#include <tbb/task.h>
#include <tbb/task_arena.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "workloads/common/hardware.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"
#include "workloads/memory/memory.hpp"

namespace memory {
namespace {

struct SuspendedTasks {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<tbb::task::suspend_point> suspended;
  std::uint64_t finished = 0, sum = 0;
};

}  // namespace

//! `units` tasks enqueued in an arena, each suspended with tbb::task::suspend (waiting for an
//! external event without blocking its thread): the thread switches to a fresh stack of
//! thread_stack_size bytes and runs other tasks, so every suspended task keeps one stack.
Runner make_tbb() {
  return [](std::uint64_t units) {
    if (units > max_tbb_units)
      throw std::invalid_argument(std::to_string(units) + " suspended TBB tasks asked for; at most " + std::to_string(max_tbb_units) + " resume here");
    SuspendedTasks tasks;
    tasks.suspended.reserve(units);
    Footprint footprint;
    {
      tbb::task_arena arena(concbench::usable_cores(), 0);
      arena.initialize();
      const Usage before = usage_now();
      for (std::uint64_t i = 0; i < units; ++i)
        arena.enqueue([&tasks, i] {
          tbb::task::suspend([&tasks](tbb::task::suspend_point point) {
            std::scoped_lock lock(tasks.mutex);
            tasks.suspended.push_back(point);
            tasks.changed.notify_all();
          });
          std::scoped_lock lock(tasks.mutex);
          tasks.sum += cpu_sum::term(i);
          ++tasks.finished;
          tasks.changed.notify_all();
        });
      std::unique_lock lock(tasks.mutex);
      const bool all_suspended = tasks.changed.wait_for(lock, std::chrono::seconds(60), [&] { return tasks.suspended.size() == units; });
      lock.unlock();
      if (all_suspended) footprint = per_unit(before, usage_now(), units);
      lock.lock();
      const auto suspended = tasks.suspended;
      lock.unlock();  // a resumed task takes the lock to add its unit
      for (const auto point : suspended) tbb::task::resume(point);
      lock.lock();
      if (!tasks.changed.wait_for(lock, std::chrono::seconds(60), [&] { return tasks.finished == suspended.size(); }))
        throw std::runtime_error("only " + std::to_string(tasks.finished) + " of " + std::to_string(units) + " TBB tasks finished");
      if (!all_suspended) throw std::runtime_error("only " + std::to_string(tasks.suspended.size()) + " of " + std::to_string(units) + " TBB tasks suspended");
    }
    footprint.stack_bytes = static_cast<double>(tbb::global_control::active_value(tbb::global_control::thread_stack_size));
    if (tasks.sum != cpu_sum::sum_range(0, units)) throw std::runtime_error("not every TBB task ran its unit");
    return footprint;
  };
}

const bool added = models().add({.name = "tbb",
                                  .what = "oneTBB tasks suspended with tbb::task::suspend",
                                  .make = make_tbb,
                                  .quick_units = max_tbb_units,
                                  .full_units = max_tbb_units,
                                  .max_units = max_tbb_units,
                                  .unit_has_stack = true});

}  // namespace memory
