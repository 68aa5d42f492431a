#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "workloads/common/process_pool.hpp"
#include "workloads/http/http.hpp"

namespace crawl {

//! `concurrency` worker processes started once, each GET an "http_get URL" job answered with
//! "<status> <body>" (multiprocessing.Pool.map over the URLs). The parent times each request
//! from when it hands the job to a worker to the reply: map sends the first jobs at once and
//! each later one to the worker that has just answered, right after on_done.
Runner make_process(const concbench::HttpServer& server, int concurrency) {
  auto pool = std::make_shared<concbench::ProcessPool>(concurrency, std::chrono::seconds(30));
  return [server, pool](int delay_ms, concbench::RequestLog& log) {
    require_closed_loop(log, "process");
    const auto salt = fresh_salt();
    std::vector<std::string> jobs;
    for (int id = 0; id < log.requests(); ++id)
      jobs.push_back("http_get " + server.url() + concbench::delay_target("process", delay_ms, salt + static_cast<std::uint64_t>(id)));
    std::vector<concbench::RequestClock::time_point> sent(jobs.size(), concbench::RequestClock::now());
    std::size_t next_sent = std::min(jobs.size(), static_cast<std::size_t>(pool->size()));
    std::uint64_t good = 0;
    pool->map(jobs, [&](std::size_t id, const std::string& reply) {
      if (reply != "200 .") throw std::runtime_error(jobs[id] + " answered '" + reply + "', expected 200 '.'");
      log.done(static_cast<int>(id), sent[id]);
      if (next_sent < jobs.size()) sent[next_sent++] = concbench::RequestClock::now();  // map sends it next
      ++good;
    });
    return good;
  };
}

const bool added = models().add({.name = "process",
                                  .what = "`concurrency` worker processes, one GET per job (multiprocessing.Pool.map)",
                                  .make = make_process,
                                  .max_quick_concurrency = 100, .in_processes = true});

}  // namespace crawl
