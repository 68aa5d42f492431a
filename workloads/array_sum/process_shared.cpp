#include <memory>
#include <string>
#include <vector>

#include "workloads/array_sum/array_sum.hpp"
#include "workloads/common/chunks.hpp"
#include "workloads/common/process_pool.hpp"

namespace array_sum {

std::uint64_t sum_attached(const std::string& name, std::uint64_t count, std::uint64_t first, std::uint64_t last) {
  if (first > last || last > count) throw std::invalid_argument("part [" + std::to_string(first) + ", " + std::to_string(last) + ") is not in the array");
  return sum_range(attach(name, count), first, last);
}

//! multiprocessing with shared memory: `workers` worker processes (started once) map the array's
//! POSIX shared-memory object read-only; each call sends each its part as "array_sum NAME COUNT
//! FIRST LAST" and adds the partial sums. No element crosses the socket.
Runner make_process_shared(const SharedArray& array, int workers) {
  auto pool = std::make_shared<concbench::ProcessPool>(workers);
  const std::string object = array.name() + " " + std::to_string(array.count());
  pool->map(std::vector<std::string>(pool->size(), "array_sum " + object + " 0 0"));  // one job each: every worker maps it now, untimed
  return [pool, object, count = array.count(), workers] {
    std::vector<std::string> jobs;
    for (const auto part : concbench::split(0, count, workers))
      jobs.push_back("array_sum " + object + " " + std::to_string(part.first) + " " + std::to_string(part.last));
    std::uint64_t total = 0;
    for (const auto& partial : pool->map(jobs)) total += std::stoull(partial);
    return total;
  };
}

const bool added = models().add({.name = "process_shared", .what = "worker processes (posix_spawn) summing their parts of one shared mapping (POSIX shm)", .make = make_process_shared, .in_processes = true});

}  // namespace array_sum
