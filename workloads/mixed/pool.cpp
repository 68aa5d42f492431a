#include <future>
#include <memory>
#include <vector>

#include "workloads/common/asio.hpp"
#include "workloads/mixed/mixed.hpp"

namespace mixed {

//! ThreadPoolExecutor(max_workers=concurrency): each future does a blocking GET and then the
//! CPU work; the caller adds up the results.
Runner make_pool(const concbench::HttpServer& server, int concurrency) {
  auto pool = std::make_shared<asio::thread_pool>(concurrency);
  return [server, pool](int requests, int delay_ms, std::uint64_t terms, concbench::RequestLog& log) {
    std::vector<std::future<std::uint64_t>> futures;
    for (int id = 0; id < requests; ++id)
      futures.push_back(asio::post(*pool, asio::use_future([&server, &log, delay_ms, terms, id] {
        const auto due = log.due(id);  // a pool thread takes it now, not when it was submitted
        const auto target = concbench::delay_target("pool", delay_ms, static_cast<std::uint64_t>(id));
        concbench::check_delay_reply(concbench::http_get(server, target), target);
        const auto sum = work(id, terms);
        log.done(id, due);
        return sum;
      })));
    std::uint64_t total = 0;
    for (auto& future : futures) total += future.get();
    return total;
  };
}

const bool added = models().add({.name = "pool",
                                  .what = "a thread pool of `concurrency` threads, one future per request",
                                  .make = make_pool});

}  // namespace mixed
