#include <future>
#include <memory>
#include <vector>

#include "workloads/array_sum/array_sum.hpp"
#include "workloads/common/asio.hpp"
#include "workloads/common/chunks.hpp"

namespace array_sum {

//! A fixed boost::asio::thread_pool (built once) and one future per part.
Runner make_pool(const SharedArray& array, int workers) {
  auto pool = std::make_shared<asio::thread_pool>(workers);
  return [pool, data = array.data(), count = array.count(), workers] {
    std::vector<std::future<std::uint64_t>> futures;
    for (const auto part : concbench::split(0, count, workers))
      futures.push_back(asio::post(*pool, asio::use_future([data, part] { return sum_range(data, part.first, part.last); })));
    std::uint64_t total = 0;
    for (auto& future : futures) total += future.get();
    return total;
  };
}

const bool added = models().add({.name = "pool", .what = "a fixed boost::asio::thread_pool and one future per part", .make = make_pool});

}  // namespace array_sum
