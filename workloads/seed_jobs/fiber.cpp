#include <boost/fiber/all.hpp>

#include <algorithm>
#include <vector>

#include "workloads/seed_jobs/seed_jobs.hpp"

namespace seed_jobs {
namespace {

// How many terms a job sums before it yields to the other fibers (gevent.sleep(0)).
constexpr std::uint64_t slice = 1 << 20;

}  // namespace

//! gevent.joinall over the jobs: one fiber per job on the calling thread, each yielding
//! between slices, so the jobs advance together on one core and the small ones finish first
//! (the order is recorded) — concurrency without parallelism, whatever `workers` says.
Runner make_fiber(int /*workers*/) {
  return [](const std::vector<std::uint64_t>& jobs) {
    Result result;
    result.sums.resize(jobs.size());
    std::vector<boost::fibers::fiber> fibers;
    for (std::size_t i = 0; i < jobs.size(); ++i)
      fibers.emplace_back([&result, i, n = jobs[i]] {
        std::uint64_t sum = 0;
        for (std::uint64_t first = 1; first < n + 1;) {
          const std::uint64_t last = first + std::min(slice, n + 1 - first);
          sum += cpu_sum::sum_range(first, last);
          first = last;
          boost::this_fiber::yield();
        }
        result.sums[i] = sum;
        result.completion_order.push_back(i);
      });
    for (auto& fiber : fibers) fiber.join();
    return result;
  };
}

const bool added = models().add({.name = "fiber",
                                  .what = "one Boost.Fiber per job on one thread, yielding between slices (gevent.joinall)",
                                  .make = make_fiber,
                                  .records_order = true,
                                  .uses_cores = false, .takes_workers = false});

}  // namespace seed_jobs
