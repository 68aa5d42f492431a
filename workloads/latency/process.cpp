#include <memory>
#include <string>
#include <vector>

#include "workloads/common/process_pool.hpp"
#include "workloads/latency/latency.hpp"

namespace latency {

//! `concurrency` worker processes started once (multiprocessing.Pool), each request a
//! "sleep_ms L" job: a worker sleeps, answers, and takes the next.
Runner make_process(int concurrency) {
  auto pool = std::make_shared<concbench::ProcessPool>(concurrency);
  return [pool](int requests, std::chrono::milliseconds delay) {
    const std::vector<std::string> jobs(static_cast<std::size_t>(requests), "sleep_ms " + std::to_string(delay.count()));
    Result result;
    pool->map(jobs, [&result](std::size_t id, const std::string&) {
      ++result.completed;
      result.id_sum += id;
    });
    return result;
  };
}

const bool added = models().add({.name = "process",
                                  .what = "worker processes, each sleeping through its requests",
                                  .make = make_process,
                                  .max_concurrency = 100,
                                  .reports_memory = false});

}  // namespace latency
