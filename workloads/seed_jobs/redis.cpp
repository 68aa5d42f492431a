#include <memory>
#include <string>

#include "workloads/common/redis/worker_pool.hpp"
#include "workloads/seed_jobs/seed_jobs.hpp"

namespace seed_jobs {

//! The course's Redis job queue: every job RPUSHed at once, worker processes (local, or on
//! other hosts) BLMOVE them one at a time; results arrive in completion order.
Runner make_redis(int workers) {
  auto pool = std::make_shared<concbench::redis::RedisPool>(workers);
  return [pool](const std::vector<std::uint64_t>& jobs) {
    std::vector<std::string> lines;
    for (const auto n : jobs) lines.push_back("cpu_sum 1 " + std::to_string(n + 1));
    Result result;
    for (const auto& sum : pool->map(lines, [&](std::size_t i, const std::string&) { result.completion_order.push_back(i); }))
      result.sums.push_back(std::stoull(sum));
    return result;
  };
}

const bool added = models().add({.name = "redis",
                                  .what = "worker processes fed by a Redis list (reliable-queue pattern)",
                                  .make = make_redis,
                                  .records_order = true, .in_processes = true});

}  // namespace seed_jobs
