#pragma once
// seed_jobs: the course example this project grew from — ThreadPoolExecutor.map(sum_generator,
// WORK_LIST) with WORK_LIST = [100000, 1000000, 10000000, 10000000]. Python took 4.53 s because
// the GIL lets one thread run at a time; here each job sums f(i) for i in 1..n (cpu_sum's
// kernel, since sum(1..n) itself folds to n(n+1)/2), and `scale` multiplies every job so that
// jobs take measurable time in C++; `divisor` divides them, for the Python models.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <vector>

#include "workloads/common/model_table.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"

namespace seed_jobs {

//! The course's WORK_LIST, each job multiplied by `scale` and divided by `divisor`.
std::vector<std::uint64_t> jobs(std::uint64_t scale, std::uint64_t divisor = 1);

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

//! The time jobs taking `job_seconds` serially on the fastest CPU could take at best on CPUs whose
//! summed speed is `capacity` fastest CPUs: max(largest job, total / capacity) — two big jobs
//! bound it. With `workers` alike CPUs the capacity is min(workers, cores).
double ideal_seconds(const std::vector<double>& job_seconds, double capacity);
double ideal_seconds(const std::vector<double>& job_seconds, int workers);

//! A model's way to run the jobs; the maker does the set-up outside the timed call.
using Runner = std::function<Result(const std::vector<std::uint64_t>& jobs)>;

//! Seconds `run_jobs` takes for the whole list now, as serial_seconds measures them. Above
//! `at_most` terms in all it runs the list shrunk to about that many and scales by terms: every
//! term costs the same, and a 60 ms baseline measured four times a repetition would outlast it.
double seconds_per_run(const Runner& run_jobs, const std::vector<std::uint64_t>& jobs,
                       std::uint64_t at_most = ~std::uint64_t{0});

//! One row of the model table: a model of seed_jobs and what the harness needs to know about it.
struct Model {
  const char* name;
  const char* what;             // one line for the docs
  Runner (*make)(int workers);
  bool records_order = false;   // reports the order in which jobs finished (as_completed)
  bool uses_cores = true;       // false: one thread whatever `workers` says
  bool takes_workers = true;    // false: measured once, at workers:1
  //! The model whose time this one's ideal and speedup rest on (null: the baseline). A Python
  //! model's rest on py_serial, Python's own loop over the same jobs.
  const char* serial_model = nullptr;
  bool interpreted = false;     // sums in plain Python, ~300x slower a term: runs the list divided by 10
  bool slow_to_start = false;   // starts its workers in about a second (mpirun): the quick suite measures it at workers:all only
  bool baseline = false;        // the oracle every other model is checked against
  bool in_processes = false;       // its work runs in other processes (worker processes, interpreters)
  const char* counterpart = nullptr;  // a Python model's C++ counterpart, drawn beside it

  friend void PrintTo(const Model& model, std::ostream* out) { *out << model.name; }  // GoogleTest shows rows so
};

//! Every model of seed_jobs; each model file adds its row.
concbench::ModelTable<Model>& models();

//! The row whose time `model`'s ideal and speedup rest on: its serial_model, else the baseline.
const Model& serial_model_of(const Model& model);

}  // namespace seed_jobs
