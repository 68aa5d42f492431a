#include <exception>
#include <memory>

#include "workloads/common/asio.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"

namespace cpu_sum {
namespace {

struct LoopAndPool {
  asio::io_context loop{1};
  asio::thread_pool pool;
  explicit LoopAndPool(int workers) : pool(workers) {}
};

//! await loop.run_in_executor(pool, sum_range, chunk): the coroutine suspends while a pool
//! thread sums the chunk, and resumes on the loop with the result.
asio::awaitable<std::uint64_t> sum_in_pool(asio::thread_pool& pool, concbench::Chunk chunk) {
  co_return co_await asio::co_spawn(
      pool, [chunk]() -> asio::awaitable<std::uint64_t> { co_return sum_range(chunk); }, asio::use_awaitable);
}

}  // namespace

//! Coroutines on a one-thread event loop that hand their chunk to a thread pool and co_await
//! it (asyncio's run_in_executor + gather): the loop stays free, the pool adds the cores.
Runner make_async_pool(int workers) {
  auto state = std::make_shared<LoopAndPool>(workers);
  return [state, workers](std::uint64_t n) {
    std::uint64_t total = 0;
    for (const auto chunk : concbench::split(1, n + 1, workers))
      asio::co_spawn(state->loop, sum_in_pool(state->pool, chunk),
                     [&total](std::exception_ptr error, std::uint64_t sum) {
                       if (error) std::rethrow_exception(error);
                       total += sum;
                     });
    state->loop.restart();
    state->loop.run();
    return total;
  };
}

const bool added = models().add({.name = "async_pool", .what = "coroutines that hand their chunk to a thread pool and co_await it", .make = make_async_pool});

}  // namespace cpu_sum
