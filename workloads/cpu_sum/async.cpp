#include <algorithm>
#include <exception>
#include <memory>

#include "workloads/common/asio.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"

namespace cpu_sum {
namespace {

// How many terms a chunk sums before it yields to the event loop (await asyncio.sleep(0)).
constexpr std::uint64_t slice = 1 << 20;

asio::awaitable<std::uint64_t> sum_chunk(concbench::Chunk chunk) {
  std::uint64_t sum = 0;
  for (std::uint64_t first = chunk.first; first < chunk.last;) {
    const std::uint64_t last = first + std::min(slice, chunk.last - first);
    sum += sum_range(first, last);
    first = last;
    co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
  }
  co_return sum;
}

}  // namespace

//! One thread, one io_context, one coroutine per chunk that yields between slices: the chunks
//! advance together (concurrency) on one core (no parallelism) — asyncio.gather over CPU work,
//! which is why an event loop gives CPU-bound work no speedup.
Runner make_async(int workers) {
  auto loop = std::make_shared<asio::io_context>(1);
  return [loop, workers](std::uint64_t n) {
    std::uint64_t total = 0;
    for (const auto chunk : concbench::split(1, n + 1, workers))
      asio::co_spawn(*loop, sum_chunk(chunk), [&total](std::exception_ptr error, std::uint64_t sum) {
        if (error) std::rethrow_exception(error);
        total += sum;
      });
    loop->restart();
    loop->run();
    return total;
  };
}

const bool added = models().add({.name = "async", .what = "one thread, an Asio io_context, one coroutine per chunk yielding between slices", .make = make_async, .uses_cores = false});

}  // namespace cpu_sum
