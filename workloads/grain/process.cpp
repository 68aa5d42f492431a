#include <memory>
#include <string>
#include <vector>

#include "workloads/common/process_pool.hpp"
#include "workloads/grain/grain.hpp"

namespace grain {

//! multiprocessing.Pool.map with chunksize 1: each task is a "grain_task first last" line to the
//! next idle worker process and a reply line back — a round trip over a socket per task.
Runner make_process(int workers) {
  auto pool = std::make_shared<concbench::ProcessPool>(workers);
  return [pool](std::uint64_t total, std::uint64_t grain) {
    std::vector<std::string> jobs;
    for (const auto task : tasks(total, grain))
      jobs.push_back("grain_task " + std::to_string(task.first) + " " + std::to_string(task.last));
    std::uint64_t sum = 0;
    for (const auto& partial : pool->map(jobs)) sum += std::stoull(partial);
    return sum;
  };
}

const bool added = models().add({.name = "process",
                                  .what = "worker processes, one task per job over a Unix socket",
                                  .make = make_process, .in_processes = true});

}  // namespace grain
