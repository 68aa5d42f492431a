#pragma once
// seed_jobs: the course example this project grew from — ThreadPoolExecutor.map(sum_generator,
// WORK_LIST) with WORK_LIST = [100000, 1000000, 10000000, 10000000]. Python took 4.53 s because
// the GIL lets one thread run at a time; here each job sums f(i) for i in 1..n (cpu_sum's
// kernel, since sum(1..n) itself folds to n(n+1)/2), and `scale` multiplies every job so that
// jobs take measurable time in C++.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "workloads/cpu_sum/cpu_sum.hpp"

namespace seed_jobs {

//! The course's WORK_LIST, each job multiplied by `scale`.
std::vector<std::uint64_t> jobs(std::uint64_t scale);

//! One job: sum f(i) for i in 1..n.
inline std::uint64_t run_job(std::uint64_t n) { return cpu_sum::sum_range(1, n + 1); }

//! What a model returns: each job's sum, in job order, and — for models that see jobs finish
//! one by one (as_completed, a process pool) — the order in which they finished.
struct Result {
  std::vector<std::uint64_t> sums;
  std::vector<std::size_t> completion_order;
};

//! Seconds the serial model takes for the whole list now (the mean of a batch of at least 10 ms),
//! and that time shared out between the jobs by their number of terms — every term costs the
//! same: one multiply and a shift.
double serial_seconds(const std::vector<std::uint64_t>& jobs);
std::vector<double> job_seconds(const std::vector<std::uint64_t>& jobs, double serial_seconds);

//! The time jobs taking `job_seconds` serially could take at best with `workers` workers:
//! max(largest job, total / min(workers, cores)) — two big jobs bound it.
double ideal_seconds(const std::vector<double>& job_seconds, int workers);

//! A model's way to run the jobs; the maker does the set-up outside the timed call.
using Runner = std::function<Result(const std::vector<std::uint64_t>& jobs)>;

Runner make_serial(int workers);
Runner make_pool_map(int workers);
Runner make_pool_as_completed(int workers);
Runner make_process(int workers);
Runner make_tbb(int workers);
Runner make_openmp(int workers);
Runner make_async_pool(int workers);
#ifdef CONCBENCH_HAVE_REDIS
Runner make_redis(int workers);
#endif

}  // namespace seed_jobs
