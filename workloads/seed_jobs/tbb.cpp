#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <memory>

#include "workloads/seed_jobs/seed_jobs.hpp"

namespace seed_jobs {

//! One tbb::task_group task per job inside an arena of `workers` threads, then wait().
Runner make_tbb(int workers) {
  auto arena = std::make_shared<tbb::task_arena>(workers);
  return [arena](const std::vector<std::uint64_t>& jobs) {
    Result result;
    result.sums.resize(jobs.size());
    arena->execute([&] {
      tbb::task_group group;
      for (std::size_t i = 0; i < jobs.size(); ++i) group.run([&, i] { result.sums[i] = run_job(jobs[i]); });
      group.wait();
    });
    return result;
  };
}

const bool added = models().add({.name = "tbb",
                                  .what = "one tbb::task_group task per job in a task_arena of `workers` threads",
                                  .make = make_tbb});

}  // namespace seed_jobs
