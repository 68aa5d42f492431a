#include <exception>
#include <memory>
#include <stdexcept>

#include "workloads/common/asio.hpp"
#include "workloads/context_switch/context_switch.hpp"

namespace context_switch {
namespace {

//! One player: on its turn it counts a hand-over and yields to the loop (await
//! asyncio.sleep(0)); the loop runs the other player, which is queued next.
asio::awaitable<void> play(int me, int& turn, std::uint64_t& handovers, std::uint64_t limit) {
  const auto executor = co_await asio::this_coro::executor;
  while (handovers < limit) {
    if (turn != me) throw std::logic_error("the event loop did not alternate the two coroutines");
    ++handovers;
    turn = 1 - me;
    co_await asio::post(executor, asio::use_awaitable);
  }
}

}  // namespace

//! Two Asio coroutines on a one-thread event loop, each yielding to the loop after its turn:
//! a switch is one trip through the loop's queue (post, dispatch, resume).
Runner make_async() {
  auto loop = std::make_shared<asio::io_context>(1);
  return [loop](std::uint64_t rounds) {
    std::uint64_t handovers = 0;
    int turn = 0;
    for (const int player : {0, 1})
      asio::co_spawn(*loop, play(player, turn, handovers, 2 * rounds), [](std::exception_ptr error) {
        if (error) std::rethrow_exception(error);
      });
    loop->restart();
    loop->run();
    return handovers;
  };
}

const bool added = models().add({.name = "async",
                                  .what = "two Asio coroutines yielding to each other through the event loop",
                                  .make = make_async,
                                  .rounds = 100'000});

}  // namespace context_switch
