#include <exception>
#include <memory>

#include "workloads/common/asio.hpp"
#include "workloads/seed_jobs/seed_jobs.hpp"

namespace seed_jobs {
namespace {

struct LoopAndPool {
  asio::io_context loop{1};
  asio::thread_pool pool;
  explicit LoopAndPool(int workers) : pool(workers) {}
};

//! await loop.run_in_executor(pool, sum_generator, n)
asio::awaitable<std::uint64_t> run_in_pool(asio::thread_pool& pool, std::uint64_t n) {
  co_return co_await asio::co_spawn(
      pool, [n]() -> asio::awaitable<std::uint64_t> { co_return run_job(n); }, asio::use_awaitable);
}

}  // namespace

//! asyncio.gather over run_in_executor: one coroutine per job on a one-thread loop, each
//! handing its job to the pool; results land in completion order.
Runner make_async_pool(int workers) {
  auto state = std::make_shared<LoopAndPool>(workers);
  return [state](const std::vector<std::uint64_t>& jobs) {
    Result result;
    result.sums.resize(jobs.size());
    for (std::size_t i = 0; i < jobs.size(); ++i)
      asio::co_spawn(state->loop, run_in_pool(state->pool, jobs[i]),
                     [&result, i](std::exception_ptr error, std::uint64_t sum) {
                       if (error) std::rethrow_exception(error);
                       result.sums[i] = sum;
                       result.completion_order.push_back(i);
                     });
    state->loop.restart();
    state->loop.run();
    return result;
  };
}

const bool added = models().add({.name = "async_pool",
                                  .what = "coroutines that hand each job to a thread pool and co_await it (run_in_executor)",
                                  .make = make_async_pool,
                                  .records_order = true});

}  // namespace seed_jobs
