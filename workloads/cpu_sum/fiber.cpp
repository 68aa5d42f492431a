#include <boost/fiber/all.hpp>

#include <algorithm>
#include <vector>

#include "workloads/cpu_sum/cpu_sum.hpp"

namespace cpu_sum {
namespace {

// How many terms a chunk sums before it yields to the other fibers (gevent.sleep(0)).
constexpr std::uint64_t slice = 1 << 20;

}  // namespace

//! One fiber per chunk on the calling thread, each yielding between slices: like `async`, the
//! chunks advance together (concurrency) on one core (no parallelism) — green threads share
//! one OS thread, so CPU-bound work gets no speedup, as with gevent.
Runner make_fiber(int workers) {
  return [workers](std::uint64_t n) {
    std::uint64_t total = 0;
    std::vector<boost::fibers::fiber> fibers;
    for (const auto chunk : concbench::split(1, n + 1, workers))
      fibers.emplace_back([chunk, &total] {
        for (std::uint64_t first = chunk.first; first < chunk.last;) {
          const std::uint64_t last = first + std::min(slice, chunk.last - first);
          total += sum_range(first, last);
          first = last;
          boost::this_fiber::yield();
        }
      });
    for (auto& fiber : fibers) fiber.join();
    return total;
  };
}

const bool added = models().add({.name = "fiber", .what = "one Boost.Fiber per chunk on one thread, yielding between slices", .make = make_fiber, .uses_cores = false});

}  // namespace cpu_sum
