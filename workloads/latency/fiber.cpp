#include <boost/fiber/all.hpp>

#include <cstring>
#include <deque>
#include <memory>
#include <vector>

#include "workloads/common/fiber_stack.hpp"
#include "workloads/latency/latency.hpp"

namespace latency {

//! gevent.pool.Pool(C).spawn per request: one Boost.Fiber per request on the calling thread,
//! each blocked in boost::this_fiber::sleep_for; before request i starts, request i - C is
//! joined, so at most C wait at once. A waiting fiber's memory is its stack, 8 KiB (see
//! fiber_stack.hpp), from a pooled_fixedsize_stack with room for C, kept by the runner: the
//! maker allocates and touches the stacks (bytes_per_inflight counts them: its peak is measured
//! from before the maker) and every call reuses them, as a server reuses its fibers' stacks. A
//! fixedsize_stack would malloc and free one per fiber, and glibc gave the freed 80 MB back to
//! the kernel after each call, so the next call page-faulted every stack in again (at
//! C = 10,000 a call took 60 ms instead of 16). Not protected_fixedsize_stack either: its guard
//! page costs an mmap, an mprotect and a munmap per fiber, and 100,000 of them would pass
//! Linux's 65,530 memory mappings.
Runner make_fiber(int concurrency) {
  boost::fibers::pooled_fixedsize_stack stacks(concbench::waiting_fiber_stack_bytes, static_cast<std::size_t>(concurrency));
  // Set-up: a stack for every fiber in flight, touched once, as a pool starts its threads
  // before its first task; the sampler counts them, the timed calls do not page-fault them.
  std::vector<boost::context::stack_context> ready;
  for (int i = 0; i < concurrency; ++i) {
    ready.push_back(stacks.allocate());
    std::memset(static_cast<char*>(ready.back().sp) - ready.back().size, 0, ready.back().size);
  }
  for (auto& stack : ready) stacks.deallocate(stack);
  return [concurrency, stacks](std::chrono::milliseconds delay, concbench::RequestLog& log) mutable {
    Result result;
    std::deque<boost::fibers::fiber> in_flight;
    for (int id = 0; id < log.requests(); ++id) {
      if (log.open_loop()) boost::this_fiber::sleep_until(log.due(id));  // the spawner keeps the schedule
      if (static_cast<int>(in_flight.size()) == concurrency) {
        in_flight.front().join();
        in_flight.pop_front();
      }
      in_flight.emplace_back(std::allocator_arg, stacks, [&result, &log, id, delay, due = log.due(id)] {
        boost::this_fiber::sleep_for(delay);
        log.done(id, due);
        ++result.completed;
        result.id_sum += static_cast<std::uint64_t>(id);
      });
    }
    for (auto& fiber : in_flight) fiber.join();
    return result;
  };
}

const bool added = models().add({.name = "fiber",
                                  .what = "one Boost.Fiber per request on one thread, sleeping in this_fiber::sleep_for",
                                  .make = make_fiber,
                                  .max_concurrency = 100'000,
                                  .max_requests = 100'000,
                                  .quick_many_in_flight = 10'000,
                                  .open_loop = true});

}  // namespace latency
