#include <atomic>
#include <thread>
#include <vector>

#include "workloads/latency/latency.hpp"

namespace latency {

//! One std::jthread per in-flight request, started and joined on every call; each takes the
//! next request id until none is left (threading.Thread per connection). In the open loop a
//! thread sleeps until its request is due, then through the request's delay.
Runner make_threads(int concurrency) {
  return [concurrency](std::chrono::milliseconds delay, concbench::RequestLog& log) {
    std::atomic<int> next{0};
    std::atomic<std::uint64_t> completed{0}, id_sum{0};
    {
      std::vector<std::jthread> threads;
      for (int t = 0; t < concurrency; ++t)
        threads.emplace_back([&] {
          for (int id; (id = next++) < log.requests();) {
            const auto due = log.due(id);
            if (log.open_loop()) std::this_thread::sleep_until(due);
            std::this_thread::sleep_for(delay);
            log.done(id, due);
            ++completed;
            id_sum += static_cast<std::uint64_t>(id);
          }
        });
    }  // the jthreads join here
    return Result{completed, id_sum};
  };
}

const bool added = models().add({.name = "threads",
                                  .what = "one std::jthread per request in flight, each sleeping",
                                  .make = make_threads,
                                  .quick_many_in_flight = 1'000,
                                  .open_loop = true,
                                  .quick_open_loop = true});

}  // namespace latency
