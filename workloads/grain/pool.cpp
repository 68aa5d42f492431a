#include <future>
#include <memory>
#include <vector>

#include "workloads/common/asio.hpp"
#include "workloads/grain/grain.hpp"

namespace grain {

//! Every task submitted to a fixed asio::thread_pool, then every future's result:
//! ThreadPoolExecutor.map over the tasks, one queue operation and one future per task.
Runner make_pool(int workers) {
  auto pool = std::make_shared<asio::thread_pool>(workers);
  return [pool](std::uint64_t total, std::uint64_t grain) {
    std::vector<std::future<std::uint64_t>> futures;
    for (const auto task : tasks(total, grain))
      futures.push_back(asio::post(*pool, asio::use_future([task] { return sum_task(task); })));
    std::uint64_t sum = 0;
    for (auto& future : futures) sum += future.get();
    return sum;
  };
}

const bool added = models().add({.name = "pool",
                                  .what = "a fixed thread pool and one future per task",
                                  .make = make_pool});

}  // namespace grain
