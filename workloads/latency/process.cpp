#include <memory>
#include <string>
#include <vector>

#include "workloads/common/process_pool.hpp"
#include "workloads/latency/latency.hpp"

namespace latency {

//! `concurrency` worker processes started once (multiprocessing.Pool), each request a
//! "sleep_ms L" job: a worker sleeps, answers, and takes the next. A request's latency is the
//! parent's: from sending the job to reading its answer.
Runner make_process(int concurrency) {
  auto pool = std::make_shared<concbench::ProcessPool>(concurrency);
  return [pool](std::chrono::milliseconds delay, concbench::RequestLog& log) {
    const std::vector<std::string> jobs(static_cast<std::size_t>(log.requests()), "sleep_ms " + std::to_string(delay.count()));
    std::vector<concbench::RequestClock::time_point> sent(jobs.size());
    Result result;
    pool->map(
        jobs,
        [&](std::size_t id, const std::string&) {
          log.done(static_cast<int>(id), sent[id]);
          ++result.completed;
          result.id_sum += id;
        },
        [&](std::size_t id) { sent[id] = log.due(static_cast<int>(id)); });
    return result;
  };
}

const bool added = models().add({.name = "process",
                                  .what = "worker processes, each sleeping through its requests",
                                  .make = make_process,
                                  .max_concurrency = 100,
                                  .reports_memory = false, .in_processes = true});

}  // namespace latency
