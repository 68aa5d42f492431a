#include <memory>
#include <vector>

#include "workloads/common/fiber_pool.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"

namespace cpu_sum {

//! One fiber per chunk on a pool of `workers` threads that share fibers by work stealing, one
//! fiber future per chunk: fibers that run in parallel. The pool is started once, outside the
//! timed call.
Runner make_fiber_pool(int workers) {
  auto pool = std::make_shared<concbench::FiberPool>(workers);
  return [pool, workers](std::uint64_t n) {
    std::vector<boost::fibers::future<std::uint64_t>> sums;
    for (const auto chunk : concbench::split(1, n + 1, workers)) sums.push_back(pool->submit([chunk] { return sum_range(chunk); }));
    std::uint64_t total = 0;
    for (auto& sum : sums) total += concbench::get_within_timeout(sum, "cpu_sum/fiber_pool");
    return total;
  };
}

const bool added = models().add({.name = "fiber_pool", .what = "one fiber per chunk on `workers` threads sharing fibers by work stealing", .make = make_fiber_pool});

}  // namespace cpu_sum
