#include <omp.h>

#include "workloads/spawn/spawn.hpp"

namespace spawn {

//! One `#pragma omp parallel` region of `workers` threads per unit (EPCC's PARALLEL overhead):
//! the team is woken, thread 0 runs the unit, and the region's closing barrier joins them.
Runner make_openmp(int workers) {
#pragma omp parallel num_threads(workers)  // start the team now, not in the first timed call
  { }
  return [workers](std::uint64_t units) {
    std::uint64_t sum = 0;
    for (std::uint64_t i = 0; i < units; ++i) {
#pragma omp parallel num_threads(workers) reduction(+ : sum)
      if (omp_get_thread_num() == 0) sum += unit(i);
    }
    return sum;
  };
}

const bool added = models().add({.name = "openmp",
                                  .what = "one OpenMP parallel region per unit",
                                  .make = make_openmp,
                                  .units = 1'000});

}  // namespace spawn
