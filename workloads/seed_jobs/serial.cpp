#include "workloads/seed_jobs/seed_jobs.hpp"

namespace seed_jobs {

//! The baseline: a plain loop over the jobs (Python's [sum_generator(n) for n in WORK_LIST]).
Runner make_serial(int /*workers*/) {
  return [](const std::vector<std::uint64_t>& jobs) {
    Result result;
    for (const auto n : jobs) result.sums.push_back(run_job(n));
    return result;
  };
}

const bool added = models().add({.name = "serial",
                                  .what = "each job in turn on the calling thread: the baseline and the oracle",
                                  .make = make_serial,
                                  .uses_cores = false, .takes_workers = false, .baseline = true});

}  // namespace seed_jobs
