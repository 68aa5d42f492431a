#include <algorithm>

#include "workloads/common/hardware.hpp"
#include "workloads/seed_jobs/seed_jobs.hpp"

namespace seed_jobs {

std::vector<std::uint64_t> jobs(std::uint64_t scale) {
  std::vector<std::uint64_t> list;
  for (const std::uint64_t n : {100'000, 1'000'000, 10'000'000, 10'000'000}) list.push_back(n * scale);
  return list;
}

double ideal_seconds(const std::vector<double>& job_seconds, int workers) {
  double largest = 0, total = 0;
  for (const double seconds : job_seconds) {
    largest = std::max(largest, seconds);
    total += seconds;
  }
  return std::max(largest, total / std::min(workers, concbench::usable_cores()));
}

}  // namespace seed_jobs
