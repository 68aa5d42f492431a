#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "workloads/mixed/mixed.hpp"

namespace mixed {

//! A std::jthread per in-flight request: a blocking GET, then the CPU work on the same thread;
//! the OS shares the cores among the threads that are computing.
Runner make_threads(const concbench::HttpServer& server, int concurrency) {
  return [server, concurrency](int requests, int delay_ms, std::uint64_t terms, concbench::RequestLog& log) {
    std::atomic<int> next{0};
    std::atomic<std::uint64_t> total{0};
    std::exception_ptr failure;
    std::once_flag first_failure;
    {
      std::vector<std::jthread> threads;
      for (int t = 0; t < concurrency; ++t)
        threads.emplace_back([&] {
          try {
            for (int id; (id = next++) < requests;) {
              const auto due = log.due(id);
              const auto target = concbench::delay_target("threads", delay_ms, static_cast<std::uint64_t>(id));
              concbench::check_delay_reply(concbench::http_get(server, target), target);
              total += work(id, terms);
              log.done(id, due);
            }
          } catch (...) {
            std::call_once(first_failure, [&] { failure = std::current_exception(); });
            next = requests;
          }
        });
    }
    if (failure) std::rethrow_exception(failure);
    return total.load();
  };
}

const bool added = models().add({.name = "threads",
                                  .what = "one std::jthread per request in flight, fetching and working",
                                  .make = make_threads});

}  // namespace mixed
