#include <future>
#include <memory>
#include <vector>

#include "workloads/common/asio.hpp"
#include "workloads/http/http.hpp"

namespace crawl {

//! ThreadPoolExecutor(max_workers=concurrency): one future per GET on a pool built once;
//! future.get() rethrows a failed request.
Runner make_pool(const concbench::HttpServer& server, int concurrency) {
  auto pool = std::make_shared<asio::thread_pool>(concurrency);
  return [server, pool](int requests, int delay_ms) {
    const auto salt = fresh_salt();
    std::vector<std::future<void>> futures;
    for (int id = 0; id < requests; ++id)
      futures.push_back(asio::post(*pool, asio::use_future([&server, delay_ms, salt, id] {
        const auto target = concbench::delay_target("pool", delay_ms, salt + static_cast<std::uint64_t>(id));
        concbench::check_delay_reply(concbench::http_get(server, target), target);
      })));
    std::uint64_t good = 0;
    for (auto& future : futures) future.get(), ++good;
    return good;
  };
}

const bool added = models().add({.name = "pool",
                                  .what = "a thread pool of `concurrency` threads, one future per request",
                                  .make = make_pool});

}  // namespace crawl
