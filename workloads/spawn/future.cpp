#include <functional>
#include <future>
#include <memory>

#include "workloads/common/asio.hpp"
#include "workloads/spawn/spawn.hpp"

namespace spawn {

//! asyncio.Future per unit: a handler on the loop runs the unit and set_result()s a promise;
//! the done-callback, scheduled on the loop once the result is set, reads the future and starts
//! the next unit. Costs a shared state and a second hop through the loop over `callback`.
Runner make_future(int /*workers*/) {
  auto loop = std::make_shared<asio::io_context>(1);
  return [loop](std::uint64_t units) {
    std::uint64_t sum = 0;
    std::function<void(std::uint64_t)> start = [&](std::uint64_t i) {
      if (i == units) return;
      auto promise = std::make_shared<std::promise<std::uint64_t>>();
      auto future = std::make_shared<std::future<std::uint64_t>>(promise->get_future());
      const auto add_done_callback = [&, future, i] { sum += future->get(), start(i + 1); };
      asio::post(*loop, [&, promise, add_done_callback, i] {
        promise->set_value(unit(i));
        asio::post(*loop, add_done_callback);
      });
    };
    start(0);
    loop->restart();
    loop->run();
    return sum;
  };
}

const bool added = models().add({.name = "future",
                                  .what = "a promise set on the loop whose done-callback continues, per unit",
                                  .make = make_future,
                                  .units = 10'000});

}  // namespace spawn
