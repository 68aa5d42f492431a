#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>
#include <tbb/task_arena.h>

#include <functional>
#include <memory>

#include "workloads/array_sum/array_sum.hpp"

namespace array_sum {

//! tbb::parallel_reduce over a blocked_range of indices in a task_arena of `workers` threads;
//! the scheduler splits the range and steals.
Runner make_tbb(const SharedArray& array, int workers) {
  auto arena = std::make_shared<tbb::task_arena>(workers);
  arena->execute([] { tbb::parallel_reduce(tbb::blocked_range<int>(0, 1 << 16), 0, [](auto&, int s) { return s; }, std::plus<>{}); });  // start its threads now
  return [arena, data = array.data(), count = array.count()] {
    return arena->execute([=] {
      return tbb::parallel_reduce(
          tbb::blocked_range<std::uint64_t>(0, count), std::uint64_t{0},
          [data](const tbb::blocked_range<std::uint64_t>& range, std::uint64_t sum) { return sum + sum_range(data, range.begin(), range.end()); },
          std::plus<>{});
    });
  };
}

const bool added = models().add({.name = "tbb", .what = "tbb::parallel_reduce in a task_arena of `workers` threads", .make = make_tbb});

}  // namespace array_sum
