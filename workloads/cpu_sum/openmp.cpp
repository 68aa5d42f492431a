#include <omp.h>

#include "workloads/cpu_sum/cpu_sum.hpp"

namespace cpu_sum {

//! A parallel for with a + reduction over `workers` OpenMP threads (static schedule).
Runner make_openmp(int workers) {
#pragma omp parallel num_threads(workers)  // start the team now, not in the first timed call
  { }
  return [workers](std::uint64_t n) {
    std::uint64_t sum = 0;
#pragma omp parallel for reduction(+ : sum) num_threads(workers) schedule(static)
    for (std::uint64_t i = 1; i <= n; ++i) sum += term(i);
    return sum;
  };
}

}  // namespace cpu_sum
