#include <coroutine>
#include <exception>
#include <memory>
#include <utility>

#include "workloads/spawn/spawn.hpp"

namespace spawn {
namespace {

//! The least a C++20 coroutine can be: a generator whose frame is allocated once; each
//! resume() runs it to its next co_yield. No event loop, no scheduler.
struct UnitGenerator {
  struct promise_type {
    std::uint64_t value = 0;
    UnitGenerator get_return_object() { return UnitGenerator{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(std::uint64_t result) noexcept {
      value = result;
      return {};
    }
    void return_void() noexcept {}
    void unhandled_exception() { std::terminate(); }
  };
  explicit UnitGenerator(std::coroutine_handle<promise_type> handle) : handle(handle) {}
  UnitGenerator(UnitGenerator&& other) noexcept : handle(std::exchange(other.handle, {})) {}
  ~UnitGenerator() { if (handle) handle.destroy(); }
  std::coroutine_handle<promise_type> handle;
};

UnitGenerator units_forever() {
  for (std::uint64_t i = 0;; ++i) co_yield unit(i);
}

}  // namespace

//! A bare coroutine resumed once per unit (a Python generator's next()): the cost of one
//! resume and one suspend, with the frame allocated outside the timed loop.
Runner make_coroutine(int /*workers*/) {
  return [](std::uint64_t units) {
    auto generator = std::make_unique<UnitGenerator>(units_forever());
    std::uint64_t sum = 0;
    for (std::uint64_t i = 0; i < units; ++i) {
      generator->handle.resume();
      sum += generator->handle.promise().value;
    }
    return sum;
  };
}

const bool added = models().add({.name = "coroutine",
                                  .what = "resume a bare C++20 coroutine to its next suspension, per unit",
                                  .make = make_coroutine,
                                  .units = 100'000});

}  // namespace spawn
