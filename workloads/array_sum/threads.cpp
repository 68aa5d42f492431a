#include <numeric>
#include <thread>
#include <vector>

#include "workloads/array_sum/array_sum.hpp"
#include "workloads/common/chunks.hpp"

namespace array_sum {

//! One std::jthread per contiguous part, started and joined on every call.
Runner make_threads(const SharedArray& array, int workers) {
  return [data = array.data(), count = array.count(), workers] {
    const auto parts = concbench::split(0, count, workers);
    std::vector<std::uint64_t> partial(parts.size());
    {
      std::vector<std::jthread> threads;
      for (std::size_t i = 0; i < parts.size(); ++i)
        threads.emplace_back([&, i] { partial[i] = sum_range(data, parts[i].first, parts[i].last); });
    }  // the jthreads join here
    return std::accumulate(partial.begin(), partial.end(), std::uint64_t{0});
  };
}

const bool added = models().add({.name = "threads", .what = "one std::jthread per part, started and joined on every call", .make = make_threads});

}  // namespace array_sum
