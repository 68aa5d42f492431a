#include <algorithm>
#include <bit>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "workloads/common/fiber_pool.hpp"
#include "workloads/seed_jobs/seed_jobs.hpp"

namespace seed_jobs {

//! as_completed on fibers: one fiber per job on a pool of `workers` threads sharing fibers by
//! work stealing; each puts (job, sum) on a channel as it finishes, and the caller takes them
//! off in completion order. The pool is started once, outside the timed call.
Runner make_fiber_pool(int workers) {
  auto pool = std::make_shared<concbench::FiberPool>(workers);
  return [pool](const std::vector<std::uint64_t>& jobs) {
    // A buffered_channel's capacity is a power of 2 and it holds one less: room for every
    // result. Shared with the jobs, so that one finishing after a timeout has somewhere to go.
    using Finished = boost::fibers::buffered_channel<std::pair<std::size_t, std::uint64_t>>;
    const auto finished = std::make_shared<Finished>(std::bit_ceil(std::max<std::size_t>(jobs.size() + 1, 2)));
    for (std::size_t i = 0; i < jobs.size(); ++i)
      pool->submit([finished, i, n = jobs[i]] { finished->push({i, run_job(n)}); });
    Result result;
    result.sums.resize(jobs.size());
    for (std::pair<std::size_t, std::uint64_t> done; result.completion_order.size() < jobs.size();) {
      if (finished->pop_wait_for(done, concbench::fiber_job_timeout) != boost::fibers::channel_op_status::success)
        throw std::runtime_error("seed_jobs/fiber_pool: a job gave no result within " +
                                 std::to_string(concbench::fiber_job_timeout.count()) + " minutes");
      result.sums[done.first] = done.second;
      result.completion_order.push_back(done.first);
    }
    return result;
  };
}

const bool added = models().add({.name = "fiber_pool",
                                  .what = "one fiber per job on `workers` threads sharing fibers by work stealing, results as completed",
                                  .make = make_fiber_pool,
                                  .records_order = true});

}  // namespace seed_jobs
