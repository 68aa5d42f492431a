#include <boost/fiber/all.hpp>

#include "workloads/spawn/spawn.hpp"

namespace spawn {

//! gevent.spawn(unit, i).join(): a Boost.Fiber started and joined per unit on the calling
//! thread, with Boost's default stack (fixedsize_stack, 128 KiB from malloc): a stack and a
//! context allocated, two switches (into the fiber, back to the joiner), the stack freed.
Runner make_fiber(int /*workers*/) {
  return [](std::uint64_t units) {
    std::uint64_t sum = 0;
    for (std::uint64_t i = 0; i < units; ++i) {
      std::uint64_t result = 0;
      boost::fibers::fiber([&result, i] { result = unit(i); }).join();
      sum += result;
    }
    return sum;
  };
}

const bool added = models().add({.name = "fiber",
                                  .what = "a Boost.Fiber started and joined per unit (gevent.spawn(...).join())",
                                  .make = make_fiber,
                                  .units = 10'000});

}  // namespace spawn
