#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "workloads/common/asio.hpp"
#include "workloads/latency/latency.hpp"

namespace latency {

//! A fixed asio::thread_pool of `concurrency` threads and one future per request
//! (ThreadPoolExecutor(max_workers=concurrency).submit); each worker blocks in its sleep. A
//! request is due when a worker takes it.
Runner make_pool(int concurrency) {
  auto pool = std::make_shared<asio::thread_pool>(concurrency);
  return [pool](std::chrono::milliseconds delay, concbench::RequestLog& log) {
    std::vector<std::future<int>> futures;
    futures.reserve(static_cast<std::size_t>(log.requests()));
    for (int id = 0; id < log.requests(); ++id)
      futures.push_back(asio::post(*pool, asio::use_future([id, delay, &log] {
        const auto due = log.due(id);
        std::this_thread::sleep_for(delay);
        log.done(id, due);
        return id;
      })));
    Result result;
    for (auto& future : futures) {
      result.id_sum += static_cast<std::uint64_t>(future.get());
      ++result.completed;
    }
    return result;
  };
}

const bool added = models().add({.name = "pool",
                                  .what = "a thread pool of `concurrency` threads, one future per request",
                                  .make = make_pool});

}  // namespace latency
