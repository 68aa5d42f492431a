#include <exception>
#include <memory>

#include "workloads/common/asio.hpp"
#include "workloads/spawn/spawn.hpp"

namespace spawn {
namespace {

asio::awaitable<std::uint64_t> unit_coroutine(std::uint64_t i) { co_return unit(i); }

asio::awaitable<std::uint64_t> spawn_each(std::uint64_t units) {
  const auto executor = co_await asio::this_coro::executor;
  std::uint64_t sum = 0;
  for (std::uint64_t i = 0; i < units; ++i) sum += co_await asio::co_spawn(executor, unit_coroutine(i), asio::use_awaitable);
  co_return sum;
}

}  // namespace

//! await asyncio.create_task(unit(i)), one at a time, on a one-thread Asio event loop: a
//! coroutine frame allocated, scheduled, run to completion and awaited per unit.
Runner make_async(int /*workers*/) {
  auto loop = std::make_shared<asio::io_context>(1);
  return [loop](std::uint64_t units) {
    std::uint64_t total = 0;
    asio::co_spawn(*loop, spawn_each(units), [&total](std::exception_ptr error, std::uint64_t sum) {
      if (error) std::rethrow_exception(error);
      total = sum;
    });
    loop->restart();
    loop->run();
    return total;
  };
}

const bool added = models().add({.name = "async",
                                  .what = "co_spawn a child coroutine and co_await it, per unit (asyncio.create_task)",
                                  .make = make_async,
                                  .units = 10'000});

}  // namespace spawn
