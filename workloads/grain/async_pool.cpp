#include <exception>
#include <memory>

#include "workloads/common/asio.hpp"
#include "workloads/grain/grain.hpp"

namespace grain {
namespace {

struct LoopAndPool {
  asio::io_context loop{1};
  asio::thread_pool pool;
  explicit LoopAndPool(int workers) : pool(workers) {}
};

//! await loop.run_in_executor(pool, sum_range, task): suspend on the loop, sum on the pool.
asio::awaitable<std::uint64_t> sum_in_pool(asio::thread_pool& pool, concbench::Chunk task) {
  co_return co_await asio::co_spawn(
      pool, [task]() -> asio::awaitable<std::uint64_t> { co_return sum_task(task); }, asio::use_awaitable);
}

}  // namespace

//! One coroutine per task on a one-thread loop, each handing its task to a thread pool and
//! co_awaiting it: two hops between loop and pool per task.
Runner make_async_pool(int workers) {
  auto state = std::make_shared<LoopAndPool>(workers);
  return [state](std::uint64_t total, std::uint64_t grain) {
    std::uint64_t sum = 0;
    for (const auto task : tasks(total, grain))
      asio::co_spawn(state->loop, sum_in_pool(state->pool, task), [&sum](std::exception_ptr error, std::uint64_t partial) {
        if (error) std::rethrow_exception(error);
        sum += partial;
      });
    state->loop.restart();
    state->loop.run();
    return sum;
  };
}

const bool added = models().add({.name = "async_pool",
                                  .what = "coroutines that hand each task to a thread pool and co_await it",
                                  .make = make_async_pool});

}  // namespace grain
