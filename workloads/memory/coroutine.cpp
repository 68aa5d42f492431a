#include <coroutine>
#include <exception>
#include <stdexcept>
#include <utility>
#include <vector>

#include "workloads/cpu_sum/cpu_sum.hpp"
#include "workloads/memory/memory.hpp"

namespace memory {
namespace {

//! A coroutine that runs to its first suspension when called and finishes when resumed.
struct Waiting {
  struct promise_type {
    Waiting get_return_object() { return Waiting{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() { std::terminate(); }
  };
  explicit Waiting(std::coroutine_handle<promise_type> handle) : handle(handle) {}
  Waiting(Waiting&& other) noexcept : handle(std::exchange(other.handle, {})) {}
  ~Waiting() { if (handle) handle.destroy(); }
  std::coroutine_handle<promise_type> handle;
};

Waiting wait_then_add(std::uint64_t i, std::uint64_t& sum) {
  co_await std::suspend_always{};
  sum += cpu_sum::term(i);
}

}  // namespace

//! `units` bare C++20 coroutines, each suspended once: per unit only its heap-allocated frame
//! — the floor under any coroutine library.
Runner make_coroutine() {
  return [](std::uint64_t units) {
    std::uint64_t sum = 0;
    std::vector<Waiting> waiting;
    waiting.reserve(units);
    const Usage before = usage_now();
    for (std::uint64_t i = 0; i < units; ++i) waiting.push_back(wait_then_add(i, sum));
    Footprint footprint = per_unit(before, usage_now(), units);
    for (auto& coroutine : waiting) coroutine.handle.resume();
    if (sum != cpu_sum::sum_range(0, units)) throw std::runtime_error("not every coroutine ran its unit");
    return footprint;
  };
}

const bool added = models().add({.name = "coroutine",
                                  .what = "bare C++20 coroutine frames suspended once",
                                  .make = make_coroutine});

}  // namespace memory
