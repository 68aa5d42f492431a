#include <memory>

#include "workloads/common/asio.hpp"
#include "workloads/seed_jobs/seed_jobs.hpp"

namespace seed_jobs {
namespace {

struct PoolAndInbox {
  asio::thread_pool pool;
  asio::io_context inbox{1};  // the caller's loop; finished jobs are posted to it
  explicit PoolAndInbox(int workers) : pool(workers) {}
};

}  // namespace

//! submit + as_completed: each pool task posts its result back to the caller's io_context as
//! it finishes, so the caller handles results in completion order (and records that order).
Runner make_pool_as_completed(int workers) {
  auto state = std::make_shared<PoolAndInbox>(workers);
  return [state](const std::vector<std::uint64_t>& jobs) {
    Result result;
    result.sums.resize(jobs.size());
    auto pending = asio::make_work_guard(state->inbox);  // run() waits until the last result
    std::size_t remaining = jobs.size();
    for (std::size_t i = 0; i < jobs.size(); ++i)
      asio::post(state->pool, [&, i, n = jobs[i]] {
        const std::uint64_t sum = run_job(n);
        asio::post(state->inbox, [&, i, sum] {
          result.sums[i] = sum;
          result.completion_order.push_back(i);
          if (--remaining == 0) pending.reset();
        });
      });
    if (remaining == 0) pending.reset();
    state->inbox.restart();
    state->inbox.run();
    return result;
  };
}

const bool added = models().add({.name = "pool_as_completed",
                                  .what = "a fixed thread pool, results collected as they finish (as_completed)",
                                  .make = make_pool_as_completed,
                                  .records_order = true});

}  // namespace seed_jobs
