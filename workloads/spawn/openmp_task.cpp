#include <omp.h>

#include "workloads/spawn/spawn.hpp"

namespace spawn {

//! `#pragma omp task` + `taskwait` per unit inside one region (EPCC's task overhead): one
//! thread creates the tasks, any thread of the team may run them.
Runner make_openmp_task(int workers) {
#pragma omp parallel num_threads(workers)
  { }
  return [workers](std::uint64_t units) {
    std::uint64_t sum = 0;
#pragma omp parallel num_threads(workers)
#pragma omp single
    for (std::uint64_t i = 0; i < units; ++i) {
      std::uint64_t result = 0;
#pragma omp task shared(result) firstprivate(i)
      result = unit(i);
#pragma omp taskwait
      sum += result;
    }
    return sum;
  };
}

const bool added = models().add({.name = "openmp_task",
                                  .what = "one OpenMP task + taskwait per unit inside a region",
                                  .make = make_openmp_task,
                                  .units = 10'000});

}  // namespace spawn
