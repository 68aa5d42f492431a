#include <algorithm>
#include <exception>
#include <memory>

#include "workloads/array_sum/array_sum.hpp"
#include "workloads/common/asio.hpp"
#include "workloads/common/chunks.hpp"

namespace array_sum {
namespace {

// How many elements (8 MiB) a part sums before it yields to the event loop.
constexpr std::uint64_t slice = 1 << 20;

asio::awaitable<std::uint64_t> sum_part(const std::uint64_t* data, concbench::Chunk part) {
  std::uint64_t sum = 0;
  for (std::uint64_t first = part.first; first < part.last;) {
    const std::uint64_t last = first + std::min(slice, part.last - first);
    sum += sum_range(data, first, last);
    first = last;
    co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
  }
  co_return sum;
}

}  // namespace

//! One thread, one io_context, one coroutine per part yielding between slices: concurrency
//! without parallelism, so one core's bandwidth.
Runner make_async(const SharedArray& array, int workers) {
  auto loop = std::make_shared<asio::io_context>(1);
  return [loop, data = array.data(), count = array.count(), workers] {
    std::uint64_t total = 0;
    for (const auto part : concbench::split(0, count, workers))
      asio::co_spawn(*loop, sum_part(data, part), [&total](std::exception_ptr error, std::uint64_t sum) {
        if (error) std::rethrow_exception(error);
        total += sum;
      });
    loop->restart();
    loop->run();
    return total;
  };
}

const bool added = models().add({.name = "async", .what = "one thread, an Asio io_context, one coroutine per part yielding between slices", .make = make_async, .uses_cores = false, .quick = false});

}  // namespace array_sum
