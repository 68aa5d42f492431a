#include <pthread.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "workloads/cpu_sum/cpu_sum.hpp"
#include "workloads/memory/memory.hpp"

namespace memory {
namespace {

//! Where the waiting threads meet: each says it has arrived, then sleeps until released.
struct Gate {
  std::mutex mutex;
  std::condition_variable arrivals, released;  // two, so an arrival wakes only the caller
  std::uint64_t arrived = 0;
  bool open = false;
  std::atomic<std::uint64_t> sum = 0;
  double stack_bytes = 0;
};

double own_stack_size() {
  pthread_attr_t attributes;
  std::size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attributes) == 0) {
    pthread_attr_getstacksize(&attributes, &size);
    pthread_attr_destroy(&attributes);
  }
  return static_cast<double>(size);
}

}  // namespace

//! `units` std::jthreads with the default stack (glibc: RLIMIT_STACK, 8 MiB reserved, only the
//! touched pages resident), each blocked on a condition variable: a thread per connection.
Runner make_threads() {
  return [](std::uint64_t units) {
    Gate gate;
    Footprint footprint;
    {
      std::vector<std::jthread> threads;
      threads.reserve(units);
      const Usage before = usage_now();
      const auto open_gate = [&gate] {
        std::scoped_lock lock(gate.mutex);
        gate.open = true;
        gate.released.notify_all();
      };
      try {
        for (std::uint64_t i = 0; i < units; ++i)
          threads.emplace_back([&gate, i] {
            std::unique_lock lock(gate.mutex);
            if (++gate.arrived == 1) gate.stack_bytes = own_stack_size();
            gate.arrivals.notify_one();
            gate.released.wait(lock, [&gate] { return gate.open; });
            gate.sum += cpu_sum::term(i);
          });
        std::unique_lock lock(gate.mutex);
        if (!gate.arrivals.wait_for(lock, std::chrono::seconds(60), [&] { return gate.arrived == units; }))
          throw std::runtime_error("only " + std::to_string(gate.arrived) + " of " + std::to_string(units) + " threads started");
        lock.unlock();
        footprint = per_unit(before, usage_now(), units);
      } catch (...) {
        open_gate();
        throw;
      }
      open_gate();
    }  // the jthreads join here
    footprint.stack_bytes = gate.stack_bytes;
    if (gate.sum != cpu_sum::sum_range(0, units)) throw std::runtime_error("not every thread ran its unit");
    return footprint;
  };
}

const bool added = models().add({.name = "threads",
                                  .what = "std::jthread blocked on a condition variable",
                                  .make = make_threads,
                                  .unit_has_stack = true});

}  // namespace memory
