#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "workloads/common/asio.hpp"
#include "workloads/http/http.hpp"

namespace crawl {

//! ThreadPoolExecutor(max_workers=concurrency): one future per GET on a pool built once; a
//! request is due when a pool thread takes it (or at its place in an open loop's schedule,
//! which the thread sleeps until); future.get() rethrows a failed request.
Runner make_pool(const concbench::HttpServer& server, int concurrency) {
  auto pool = std::make_shared<asio::thread_pool>(concurrency);
  return [server, pool](int delay_ms, concbench::RequestLog& log) {
    const auto salt = fresh_salt();
    std::vector<std::future<void>> futures;
    for (int id = 0; id < log.requests(); ++id)
      futures.push_back(asio::post(*pool, asio::use_future([&server, &log, delay_ms, salt, id] {
        const auto due = log.due(id);
        std::this_thread::sleep_until(due);
        const auto target = concbench::delay_target("pool", delay_ms, salt + static_cast<std::uint64_t>(id));
        concbench::check_delay_reply(concbench::http_get(server, target), target);
        log.done(id, due);
      })));
    std::uint64_t good = 0;
    for (auto& future : futures) future.get(), ++good;
    return good;
  };
}

const bool added = models().add({.name = "pool",
                                  .what = "a thread pool of `concurrency` threads, one future per request",
                                  .make = make_pool,
                                  .open_loop = true});

}  // namespace crawl
