#include <exception>
#include <memory>

#include "workloads/common/asio.hpp"
#include "workloads/grain/grain.hpp"

namespace grain {
namespace {

asio::awaitable<std::uint64_t> task_coroutine(concbench::Chunk task) { co_return sum_task(task); }

}  // namespace

//! One coroutine per task on a one-thread event loop (asyncio.gather of one task each): no
//! parallelism, so its ideal is the serial time and its efficiency shows the per-task cost.
Runner make_async(int /*workers*/) {
  auto loop = std::make_shared<asio::io_context>(1);
  return [loop](std::uint64_t total, std::uint64_t grain) {
    std::uint64_t sum = 0;
    for (const auto task : tasks(total, grain))
      asio::co_spawn(*loop, task_coroutine(task), [&sum](std::exception_ptr error, std::uint64_t partial) {
        if (error) std::rethrow_exception(error);
        sum += partial;
      });
    loop->restart();
    loop->run();
    return sum;
  };
}

const bool added = models().add({.name = "async",
                                  .what = "one coroutine per task on one event loop thread",
                                  .make = make_async,
                                  .uses_cores = false});

}  // namespace grain
