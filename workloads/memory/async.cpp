#include <chrono>
#include <exception>
#include <stdexcept>

#include "workloads/common/asio.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"
#include "workloads/memory/memory.hpp"

namespace memory {
namespace {

//! await event.wait(), then the unit: the timer never expires, it is cancelled to release all.
asio::awaitable<void> wait_then_add(asio::steady_timer& event, std::uint64_t i, std::uint64_t& waiting, std::uint64_t& sum) {
  ++waiting;
  boost::system::error_code cancelled;
  co_await event.async_wait(asio::redirect_error(asio::use_awaitable, cancelled));
  sum += cpu_sum::term(i);
}

}  // namespace

//! `units` Asio coroutines on one event loop, all suspended on one timer used as an
//! asyncio.Event: per unit, a coroutine frame and a pending wait operation on the heap.
Runner make_async() {
  return [](std::uint64_t units) {
    asio::io_context loop(1);
    asio::steady_timer event(loop, asio::steady_timer::time_point::max());
    std::uint64_t waiting = 0, sum = 0;
    const Usage before = usage_now();
    for (std::uint64_t i = 0; i < units; ++i)
      asio::co_spawn(loop, wait_then_add(event, i, waiting, sum), [](std::exception_ptr error) {
        if (error) std::rethrow_exception(error);
      });
    while (waiting < units && loop.run_one_for(std::chrono::seconds(10)) > 0) {}
    loop.poll();  // let the last one reach its wait
    if (waiting != units) throw std::runtime_error(std::to_string(waiting) + " of " + std::to_string(units) + " coroutines started");
    const Footprint footprint = per_unit(before, usage_now(), units);
    event.cancel();
    loop.run_for(std::chrono::seconds(60));
    if (sum != cpu_sum::sum_range(0, units)) throw std::runtime_error("not every coroutine ran its unit");
    return footprint;
  };
}

const bool added = models().add({.name = "async",
                                  .what = "Asio coroutines awaiting one shared timer (asyncio.Event)",
                                  .make = make_async});

}  // namespace memory
