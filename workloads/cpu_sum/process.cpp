#include <memory>
#include <string>
#include <vector>

#include "workloads/common/process_pool.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"

namespace cpu_sum {

//! `workers` worker processes (multiprocessing.Pool), started once; each call sends one chunk
//! per worker as a "cpu_sum first last" line and adds the partial sums that come back.
Runner make_process(int workers) {
  auto pool = std::make_shared<concbench::ProcessPool>(workers);
  return [pool, workers](std::uint64_t n) {
    std::vector<std::string> jobs;
    for (const auto chunk : concbench::split(1, n + 1, workers))
      jobs.push_back("cpu_sum " + std::to_string(chunk.first) + " " + std::to_string(chunk.last));
    std::uint64_t total = 0;
    for (const auto& partial : pool->map(jobs)) total += std::stoull(partial);
    return total;
  };
}

const bool added = models().add({.name = "process", .what = "worker processes (posix_spawn), one chunk each over a Unix socket", .make = make_process, .in_processes = true});

}  // namespace cpu_sum
