#include <stdexcept>
#include <string>
#include <vector>

#include "workloads/common/process_pool.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"
#include "workloads/memory/memory.hpp"

namespace memory {

//! `units` idle worker processes (multiprocessing.Pool(units) before its first job), each
//! posix_spawned, answered a ping and blocked reading its socket. Per unit: the children's
//! proportional set size, so shared library pages are split among them rather than counted
//! once per child.
Runner make_process() {
  return [](std::uint64_t units) {
    const Usage before = usage_now();
    concbench::ProcessPool pool(static_cast<int>(units), std::chrono::seconds(60));
    Footprint footprint = per_unit(before, usage_now(), units);
    double children = 0;
    for (const pid_t pid : pool.pids()) children += proportional_bytes(pid);
    footprint.bytes_per_unit = children / static_cast<double>(units);
    footprint.virtual_bytes_per_unit = footprint.heap_bytes_per_unit = 0;  // the parent's figures, not the children's
    std::vector<std::string> jobs;
    for (std::uint64_t i = 0; i < units; ++i) jobs.push_back("cpu_sum " + std::to_string(i) + " " + std::to_string(i + 1));
    std::uint64_t sum = 0;
    for (const auto& value : pool.map(jobs)) sum += std::stoull(value);
    if (sum != cpu_sum::sum_range(0, units)) throw std::runtime_error("not every worker process ran its unit");
    return footprint;
  };
}

// 10,000 processes at once is more than a 2-core test machine's pids and file descriptors should
// carry, so processes are measured with fewer; per-unit PSS hardly depends on the count.
const bool added = models().add({.name = "process",
                                  .what = "idle concbench_worker processes waiting for a job line",
                                  .make = make_process,
                                  .quick_units = 100,
                                  .full_units = 1'000, .in_processes = true});

}  // namespace memory
