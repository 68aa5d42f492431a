#include <numeric>
#include <thread>
#include <vector>

#include "workloads/cpu_sum/cpu_sum.hpp"

namespace cpu_sum {

//! One std::jthread per chunk, started and joined on every call: thread creation is part of
//! what this model costs (threading.Thread per job).
Runner make_threads(int workers) {
  return [workers](std::uint64_t n) {
    const auto chunks = concbench::split(1, n + 1, workers);
    std::vector<std::uint64_t> partial(chunks.size());
    {
      std::vector<std::jthread> threads;
      for (std::size_t i = 0; i < chunks.size(); ++i)
        threads.emplace_back([&partial, &chunks, i] { partial[i] = sum_range(chunks[i]); });
    }  // the jthreads join here
    return std::accumulate(partial.begin(), partial.end(), std::uint64_t{0});
  };
}

const bool added = models().add({.name = "threads", .what = "one std::jthread per chunk, started and joined on every call", .make = make_threads});

}  // namespace cpu_sum
