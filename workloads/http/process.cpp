#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "workloads/common/process_pool.hpp"
#include "workloads/http/http.hpp"

namespace crawl {

//! `concurrency` worker processes started once, each GET an "http_get URL" job answered with
//! "<status> <body>" (multiprocessing.Pool.map over the URLs).
Runner make_process(const concbench::HttpServer& server, int concurrency) {
  auto pool = std::make_shared<concbench::ProcessPool>(concurrency, std::chrono::seconds(30));
  return [server, pool](int requests, int delay_ms) {
    const auto salt = fresh_salt();
    std::vector<std::string> jobs;
    for (int id = 0; id < requests; ++id)
      jobs.push_back("http_get " + server.url() + concbench::delay_target("process", delay_ms, salt + static_cast<std::uint64_t>(id)));
    std::uint64_t good = 0;
    pool->map(jobs, [&](std::size_t id, const std::string& reply) {
      if (reply != "200 .") throw std::runtime_error(jobs[id] + " answered '" + reply + "', expected 200 '.'");
      ++good;
    });
    return good;
  };
}

const bool added = models().add({.name = "process",
                                  .what = "`concurrency` worker processes, one GET per job (multiprocessing.Pool.map)",
                                  .make = make_process,
                                  .max_quick_concurrency = 100});

}  // namespace crawl
