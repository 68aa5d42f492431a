#include <coroutine>
#include <exception>

#include "workloads/context_switch/context_switch.hpp"

namespace context_switch {
namespace {

//! A coroutine that starts suspended and stays suspended at its end, so that its owner
//! decides when it runs and destroys it.
struct Player {
  struct promise_type {
    Player get_return_object() { return Player{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() { std::terminate(); }
  };
  explicit Player(std::coroutine_handle<promise_type> handle) : handle(handle) {}
  Player(const Player&) = delete;
  ~Player() { handle.destroy(); }
  std::coroutine_handle<promise_type> handle;
};

//! Suspends this coroutine and resumes `next` in its place (symmetric transfer): a jump, no
//! stack growth, no scheduler.
struct SwitchTo {
  std::coroutine_handle<> next;
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<>) const noexcept { return next; }
  void await_resume() const noexcept {}
};

Player play(const std::coroutine_handle<>& partner, std::uint64_t& handovers, std::uint64_t limit) {
  while (handovers < limit) {
    ++handovers;
    co_await SwitchTo{partner};
  }
}  // the final suspend returns to whoever called resume() first

}  // namespace

//! Two bare C++20 coroutines handing control to each other with symmetric transfer (a
//! generator's send() back and forth): the cheapest switch there is — save and restore a few
//! registers within one thread.
Runner make_coroutine() {
  return [](std::uint64_t rounds) {
    std::uint64_t handovers = 0;
    std::coroutine_handle<> ping_handle, pong_handle;
    Player ping = play(pong_handle, handovers, 2 * rounds);
    Player pong = play(ping_handle, handovers, 2 * rounds);
    ping_handle = ping.handle, pong_handle = pong.handle;
    ping.handle.resume();
    return handovers;
  };
}

const bool added = models().add({.name = "coroutine",
                                  .what = "two bare C++20 coroutines, symmetric transfer",
                                  .make = make_coroutine,
                                  .rounds = 1'000'000});

}  // namespace context_switch
