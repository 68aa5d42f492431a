#include <boost/fiber/all.hpp>

#include <mutex>
#include <stdexcept>
#include <vector>

#include "workloads/common/fiber_stack.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"
#include "workloads/memory/memory.hpp"

namespace memory {

//! `units` Boost.Fibers on one thread, all blocked on one fiber condition variable used as a
//! gevent Event: per unit, its stack (8 KiB, see fiber_stack.hpp) with the fiber's context at
//! its top — what a green thread costs where a coroutine needs only its frame. Stacks come
//! from a fixedsize_stack, one malloc each, so that every call's growth is its own fibers'.
Runner make_fiber() {
  return [](std::uint64_t units) {
    boost::fibers::mutex mutex;
    boost::fibers::condition_variable released;
    bool open = false;
    std::uint64_t waiting = 0, sum = 0;
    boost::fibers::fixedsize_stack stacks(concbench::waiting_fiber_stack_bytes);
    std::vector<boost::fibers::fiber> fibers;
    fibers.reserve(units);
    const Usage before = usage_now();
    for (std::uint64_t i = 0; i < units; ++i)
      fibers.emplace_back(std::allocator_arg, stacks, [&, i] {
        std::unique_lock lock(mutex);
        ++waiting;
        released.wait(lock, [&open] { return open; });
        sum += cpu_sum::term(i);
      });
    boost::this_fiber::yield();  // every fiber runs to its wait: they are all queued before this one
    if (waiting != units) throw std::runtime_error(std::to_string(waiting) + " of " + std::to_string(units) + " fibers started");
    Footprint footprint = per_unit(before, usage_now(), units);
    {
      std::scoped_lock lock(mutex);
      open = true;
    }
    released.notify_all();
    for (auto& fiber : fibers) fiber.join();
    if (sum != cpu_sum::sum_range(0, units)) throw std::runtime_error("not every fiber ran its unit");
    footprint.stack_bytes = static_cast<double>(concbench::waiting_fiber_stack_bytes);
    return footprint;
  };
}

const bool added = models().add({.name = "fiber",
                                  .what = "Boost.Fibers blocked on one fiber condition variable (a gevent Event), 8 KiB stacks",
                                  .make = make_fiber,
                                  .unit_has_stack = true});

}  // namespace memory
