#include <memory>
#include <string>
#include <vector>

#include "workloads/common/redis/worker_pool.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"

namespace cpu_sum {

//! The process model's chunks through Redis: the driver RPUSHes one "cpu_sum first last" job
//! per worker, `workers` concbench_worker --redis processes (started once, or running on other
//! hosts) take them with BLMOVE and push partial sums back; the cost of a queue server per job.
Runner make_redis(int workers) {
  auto pool = std::make_shared<concbench::redis::RedisPool>(workers);
  return [pool, workers](std::uint64_t n) {
    std::vector<std::string> jobs;
    for (const auto chunk : concbench::split(1, n + 1, workers))
      jobs.push_back("cpu_sum " + std::to_string(chunk.first) + " " + std::to_string(chunk.last));
    std::uint64_t total = 0;
    for (const auto& partial : pool->map(jobs)) total += std::stoull(partial);
    return total;
  };
}

const bool added = models().add({.name = "redis", .what = "worker processes fed by a Redis list (reliable-queue pattern)", .make = make_redis, .in_processes = true});

}  // namespace cpu_sum
