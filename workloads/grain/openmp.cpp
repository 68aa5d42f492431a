#include <omp.h>

#include "workloads/grain/grain.hpp"

namespace grain {

//! A parallel for over the task indices with schedule(dynamic, 1): each thread takes the next
//! task from a shared counter when it finishes one, the OpenMP way to hand out small tasks.
Runner make_openmp(int workers) {
#pragma omp parallel num_threads(workers)  // start the team now, not in the first timed call
  { }
  return [workers](std::uint64_t total, std::uint64_t grain) {
    const auto chunks = tasks(total, grain);
    const auto count = static_cast<long>(chunks.size());
    std::uint64_t sum = 0;
#pragma omp parallel for reduction(+ : sum) num_threads(workers) schedule(dynamic, 1)
    for (long i = 0; i < count; ++i) sum += sum_task(chunks[i]);
    return sum;
  };
}

const bool added = models().add({.name = "openmp",
                                  .what = "#pragma omp parallel for schedule(dynamic, 1) over the tasks",
                                  .make = make_openmp});

}  // namespace grain
