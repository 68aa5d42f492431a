#include <boost/fiber/all.hpp>

#include <stdexcept>

#include "workloads/context_switch/context_switch.hpp"

namespace context_switch {

//! Two Boost.Fibers on one thread, each yielding after its turn (gevent.sleep(0)): a hand-over
//! is boost::this_fiber::yield() — the running fiber goes to the back of round_robin's ready
//! queue, the other comes off its front, and Boost.Context's ontop_fcontext saves this fiber's
//! callee-saved registers and stack pointer and restores the other's. Boost.Fiber keeps its
//! dispatcher fiber in the ready queue too, so every second hand-over also passes through it:
//! it reads the clock for sleeping fibers and checks the remote-ready queue under a spinlock
//! (half the time here, by perf). Not a pair of channels: a channel hand-over would add its
//! spinlock and wait queue to the switch being measured.
Runner make_fiber() {
  return [](std::uint64_t rounds) {
    std::uint64_t handovers = 0;
    int turn = 0;
    bool alternated = true;
    const auto play = [&](int me) {
      while (handovers < 2 * rounds) {
        if (turn != me) alternated = false;
        ++handovers;
        turn = 1 - me;
        boost::this_fiber::yield();
      }
    };
    boost::fibers::fiber ping(play, 0), pong(play, 1);
    ping.join();
    pong.join();
    if (!alternated) throw std::logic_error("the fiber scheduler did not alternate the two fibers");
    return handovers;
  };
}

const bool added = models().add({.name = "fiber",
                                  .what = "two Boost.Fibers on one thread yielding to each other (round-robin scheduler)",
                                  .make = make_fiber,
                                  .rounds = 200'000});

}  // namespace context_switch
