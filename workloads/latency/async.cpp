#include <algorithm>
#include <exception>
#include <memory>

#include "workloads/common/asio.hpp"
#include "workloads/latency/latency.hpp"

namespace latency {
namespace {

//! One of `concurrency` client coroutines: takes the next request id, awaits its timer, repeats.
asio::awaitable<void> client(int& next, int requests, std::chrono::milliseconds delay, Result& result) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (int id; (id = next++) < requests;) {
    timer.expires_after(delay);
    co_await timer.async_wait(asio::use_awaitable);
    ++result.completed;
    result.id_sum += static_cast<std::uint64_t>(id);
  }
}

}  // namespace

//! One thread, one io_context, `concurrency` coroutines each awaiting a steady_timer per request
//! (asyncio: workers that `await asyncio.sleep(L)`): every wait overlaps, no thread blocks.
Runner make_async(int concurrency) {
  auto loop = std::make_shared<asio::io_context>(1);
  return [loop, concurrency](int requests, std::chrono::milliseconds delay) {
    int next = 0;
    Result result;
    for (int lane = 0; lane < std::min(concurrency, requests); ++lane)
      asio::co_spawn(*loop, client(next, requests, delay, result), [](std::exception_ptr error) {
        if (error) std::rethrow_exception(error);
      });
    loop->restart();
    loop->run();
    return result;
  };
}

const bool added = models().add({.name = "async",
                                  .what = "one thread, an Asio io_context, a coroutine and steady_timer per request in flight",
                                  .make = make_async,
                                  .max_concurrency = 100'000,
                                  .max_requests = 100'000,
                                  .quick_many_in_flight = 10'000});

}  // namespace latency
