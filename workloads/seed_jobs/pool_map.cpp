#include <future>
#include <memory>

#include "workloads/common/asio.hpp"
#include "workloads/seed_jobs/seed_jobs.hpp"

namespace seed_jobs {

//! ThreadPoolExecutor.map: submit every job to a thread pool, then collect the futures in
//! submission order, whichever finishes first.
Runner make_pool_map(int workers) {
  auto pool = std::make_shared<asio::thread_pool>(workers);
  return [pool](const std::vector<std::uint64_t>& jobs) {
    std::vector<std::future<std::uint64_t>> futures;
    for (const auto n : jobs) futures.push_back(asio::post(*pool, asio::use_future([n] { return run_job(n); })));
    Result result;
    for (auto& future : futures) result.sums.push_back(future.get());
    return result;
  };
}

const bool added = models().add({.name = "pool_map",
                                  .what = "a fixed thread pool, results collected in submission order (Executor.map)",
                                  .make = make_pool_map});

}  // namespace seed_jobs
