#include <memory>
#include <string>

#include "workloads/common/process_pool.hpp"
#include "workloads/seed_jobs/seed_jobs.hpp"

namespace seed_jobs {

//! multiprocessing.Pool.imap with chunksize 1: each job goes to the next idle worker process
//! (started once, outside the timed call); results come back in completion order.
Runner make_process(int workers) {
  auto pool = std::make_shared<concbench::ProcessPool>(workers);
  return [pool](const std::vector<std::uint64_t>& jobs) {
    std::vector<std::string> lines;
    for (const auto n : jobs) lines.push_back("cpu_sum 1 " + std::to_string(n + 1));
    Result result;
    for (const auto& sum : pool->map(lines, [&](std::size_t i, const std::string&) { result.completion_order.push_back(i); }))
      result.sums.push_back(std::stoull(sum));
    return result;
  };
}

const bool added = models().add({.name = "process",
                                  .what = "worker processes (posix_spawn) taking jobs as they free up",
                                  .make = make_process,
                                  .records_order = true, .in_processes = true});

}  // namespace seed_jobs
