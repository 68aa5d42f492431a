#include <memory>
#include <vector>

#include "workloads/array_sum/array_sum.hpp"
#include "workloads/common/chunks.hpp"
#include "workloads/common/fiber_pool.hpp"

namespace array_sum {

//! One fiber per part on a pool of `workers` threads sharing fibers by work stealing (started once).
Runner make_fiber_pool(const SharedArray& array, int workers) {
  auto pool = std::make_shared<concbench::FiberPool>(workers);
  return [pool, data = array.data(), count = array.count(), workers] {
    std::vector<boost::fibers::future<std::uint64_t>> sums;
    for (const auto part : concbench::split(0, count, workers))
      sums.push_back(pool->submit([data, part] { return sum_range(data, part.first, part.last); }));
    std::uint64_t total = 0;
    for (auto& sum : sums) total += concbench::get_within_timeout(sum, "array_sum/fiber_pool");
    return total;
  };
}

const bool added = models().add({.name = "fiber_pool", .what = "one fiber per part on `workers` threads sharing fibers by work stealing", .make = make_fiber_pool, .quick = false});

}  // namespace array_sum
