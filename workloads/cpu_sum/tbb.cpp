#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>
#include <tbb/task_arena.h>

#include <functional>
#include <memory>

#include "workloads/cpu_sum/cpu_sum.hpp"

namespace cpu_sum {

//! tbb::parallel_reduce over a blocked_range inside a task_arena of `workers` threads; the
//! scheduler splits the range and steals work, so no chunking of ours.
Runner make_tbb(int workers) {
  auto arena = std::make_shared<tbb::task_arena>(workers);
  arena->execute([] { tbb::parallel_reduce(tbb::blocked_range<int>(0, 1 << 16), 0, [](auto&, int s) { return s; }, std::plus<>{}); });  // start its threads now
  return [arena](std::uint64_t n) {
    return arena->execute([n] {
      return tbb::parallel_reduce(
          tbb::blocked_range<std::uint64_t>(1, n + 1), std::uint64_t{0},
          [](const tbb::blocked_range<std::uint64_t>& range, std::uint64_t sum) {
            return sum + sum_range(range.begin(), range.end());
          },
          std::plus<>{});
    });
  };
}

const bool added = models().add({.name = "tbb", .what = "tbb::parallel_reduce in a task_arena of `workers` threads", .make = make_tbb});

}  // namespace cpu_sum
