// A model that exists only in the test executable concbench_example_model: the proof that adding a
// model is this one file. Nothing else names it — not the benchmarks, the tests' tables, the
// catalog, the scripts or the report — and test_example_model.py finds it in a report.
#include <future>
#include <vector>

#include "workloads/cpu_sum/cpu_sum.hpp"

namespace cpu_sum {

//! std::async per chunk, the futures summed in order: what a newcomer's first model might be.
Runner make_example(int workers) {
  return [workers](std::uint64_t n) {
    std::vector<std::future<std::uint64_t>> parts;
    for (const auto chunk : concbench::split(1, n + 1, workers))
      parts.push_back(std::async(std::launch::async, [chunk] { return sum_range(chunk); }));
    std::uint64_t sum = 0;
    for (auto& part : parts) sum += part.get();
    return sum;
  };
}

const bool added = models().add({.name = "example", .what = "test only: std::async per chunk", .make = make_example});

}  // namespace cpu_sum
