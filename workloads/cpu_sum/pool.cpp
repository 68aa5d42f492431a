#include <future>
#include <memory>
#include <vector>

#include "workloads/common/asio.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"

namespace cpu_sum {

//! A fixed boost::asio::thread_pool and one future per chunk: ThreadPoolExecutor.submit, then
//! future.result() for each. The pool is built once, outside the timed call.
Runner make_pool(int workers) {
  auto pool = std::make_shared<asio::thread_pool>(workers);
  return [pool, workers](std::uint64_t n) {
    std::vector<std::future<std::uint64_t>> futures;
    for (const auto chunk : concbench::split(1, n + 1, workers))
      futures.push_back(asio::post(*pool, asio::use_future([chunk] { return sum_range(chunk); })));
    std::uint64_t total = 0;
    for (auto& future : futures) total += future.get();
    return total;
  };
}

const bool added = models().add({.name = "pool", .what = "a fixed boost::asio::thread_pool and one future per chunk", .make = make_pool});

}  // namespace cpu_sum
