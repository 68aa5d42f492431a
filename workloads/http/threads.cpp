#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "workloads/http/http.hpp"

namespace crawl {

//! A std::jthread per in-flight request, each doing blocking GETs until no request is left
//! (sleeping until a request is due in an open loop); the first failure stops the others and
//! is rethrown.
Runner make_threads(const concbench::HttpServer& server, int concurrency) {
  return [server, concurrency](int delay_ms, concbench::RequestLog& log) {
    const auto salt = fresh_salt();
    const int requests = log.requests();
    std::atomic<int> next{0};
    std::atomic<std::uint64_t> good{0};
    std::exception_ptr failure;
    std::once_flag first_failure;
    {
      std::vector<std::jthread> threads;
      for (int t = 0; t < std::min(concurrency, requests); ++t)
        threads.emplace_back([&] {
          try {
            for (int id; (id = next++) < requests;) {
              const auto due = log.due(id);
              std::this_thread::sleep_until(due);
              const auto target = concbench::delay_target("threads", delay_ms, salt + static_cast<std::uint64_t>(id));
              concbench::check_delay_reply(concbench::http_get(server, target), target);
              log.done(id, due);
              ++good;
            }
          } catch (...) {
            std::call_once(first_failure, [&] { failure = std::current_exception(); });
            next = requests;
          }
        });
    }
    if (failure) std::rethrow_exception(failure);
    return good.load();
  };
}

const bool added = models().add({.name = "threads",
                                  .what = "one std::jthread and connection per request in flight",
                                  .make = make_threads,
                                  .open_loop = true,
                                  .quick_rates = {2'000, 7'000, 15'000},
                                  .big_concurrency = 10'000});

}  // namespace crawl
