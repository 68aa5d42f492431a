#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <functional>
#include <memory>

#include "workloads/grain/grain.hpp"

namespace grain {

//! tbb::parallel_reduce over the task indices with a simple_partitioner and grainsize 1, so
//! the scheduler splits down to single tasks of exactly `grain` terms and steals them.
Runner make_tbb(int workers) {
  auto arena = std::make_shared<tbb::task_arena>(workers);
  arena->execute([] { tbb::parallel_reduce(tbb::blocked_range<int>(0, 1 << 16), 0, [](auto&, int s) { return s; }, std::plus<>{}); });  // start its threads now
  return [arena](std::uint64_t total, std::uint64_t grain) {
    const auto chunks = tasks(total, grain);
    return arena->execute([&chunks] {
      return tbb::parallel_reduce(
          tbb::blocked_range<std::size_t>(0, chunks.size(), 1), std::uint64_t{0},
          [&chunks](const tbb::blocked_range<std::size_t>& range, std::uint64_t sum) {
            for (std::size_t i = range.begin(); i < range.end(); ++i) sum += sum_task(chunks[i]);
            return sum;
          },
          std::plus<>{}, tbb::simple_partitioner{});
    });
  };
}

const bool added = models().add({.name = "tbb",
                                  .what = "tbb::parallel_reduce over the tasks, simple_partitioner, grainsize 1",
                                  .make = make_tbb});

}  // namespace grain
