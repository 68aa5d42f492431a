#include <omp.h>

#include <thread>

#include "workloads/latency/latency.hpp"

namespace latency {

//! A parallel for over the requests with `concurrency` OpenMP threads and a dynamic schedule
//! (one request at a time): OpenMP threads are OS threads, so each may block in its sleep.
Runner make_openmp(int concurrency) {
#pragma omp parallel num_threads(concurrency)  // start the team now, not in the first timed call
  { }
  return [concurrency](std::chrono::milliseconds delay, concbench::RequestLog& log) {
    const int requests = log.requests();
    std::uint64_t completed = 0, id_sum = 0;
#pragma omp parallel for num_threads(concurrency) schedule(dynamic, 1) reduction(+ : completed, id_sum)
    for (int id = 0; id < requests; ++id) {
      const auto due = log.due(id);
      std::this_thread::sleep_for(delay);
      log.done(id, due);
      ++completed;
      id_sum += static_cast<std::uint64_t>(id);
    }
    return Result{completed, id_sum};
  };
}

const bool added = models().add({.name = "openmp",
                                  .what = "an OpenMP parallel for on `concurrency` threads, each sleeping",
                                  .make = make_openmp,
                                  .max_concurrency = 1'000});

}  // namespace latency
