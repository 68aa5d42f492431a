#include <omp.h>

#include "workloads/seed_jobs/seed_jobs.hpp"

namespace seed_jobs {

//! A parallel for over the jobs with a dynamic schedule of one job at a time, so a thread that
//! finishes a small job takes the next one instead of waiting on a static share.
Runner make_openmp(int workers) {
  return [workers](const std::vector<std::uint64_t>& jobs) {
    Result result;
    result.sums.resize(jobs.size());
    const auto count = static_cast<long>(jobs.size());
#pragma omp parallel for schedule(dynamic, 1) num_threads(workers)
    for (long i = 0; i < count; ++i) result.sums[i] = run_job(jobs[i]);
    return result;
  };
}

const bool added = models().add({.name = "openmp",
                                  .what = "#pragma omp parallel for schedule(dynamic, 1) over the jobs",
                                  .make = make_openmp});

}  // namespace seed_jobs
