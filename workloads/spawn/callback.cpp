#include <functional>
#include <memory>

#include "workloads/common/asio.hpp"
#include "workloads/spawn/spawn.hpp"

namespace spawn {

//! loop.call_soon(unit, i, on_done): each unit is a handler posted to a one-thread event loop,
//! and its callback posts the next one — continuation-passing, no coroutine frame.
Runner make_callback(int /*workers*/) {
  auto loop = std::make_shared<asio::io_context>(1);
  return [loop](std::uint64_t units) {
    std::uint64_t sum = 0;
    std::function<void(std::uint64_t)> start = [&](std::uint64_t i) {
      if (i == units) return;
      asio::post(*loop, [&, i] {
        const auto on_done = [&](std::uint64_t result) { sum += result, start(i + 1); };
        on_done(unit(i));
      });
    };
    start(0);
    loop->restart();
    loop->run();
    return sum;
  };
}

const bool added = models().add({.name = "callback",
                                  .what = "a callback posted to the event loop per unit",
                                  .make = make_callback,
                                  .units = 10'000});

}  // namespace spawn
