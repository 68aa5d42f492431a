#include <omp.h>

#include <algorithm>

#include "workloads/cpu_sum/cpu_sum.hpp"

namespace cpu_sum {

namespace {
// Terms per loop iteration: the loop runs over blocks so that every block is summed by the one
// compiled kernel (sum_range) that the other models use.
constexpr std::uint64_t block = 1 << 16;
}  // namespace

//! A parallel for with a + reduction over `workers` OpenMP threads (static schedule), over
//! blocks of terms.
Runner make_openmp(int workers) {
#pragma omp parallel num_threads(workers)  // start the team now, not in the first timed call
  { }
  return [workers](std::uint64_t n) {
    std::uint64_t sum = 0;
    const std::uint64_t blocks = (n + block - 1) / block;
#pragma omp parallel for reduction(+ : sum) num_threads(workers) schedule(static)
    for (std::uint64_t b = 0; b < blocks; ++b) sum += sum_range(1 + b * block, 1 + std::min(n, (b + 1) * block));
    return sum;
  };
}

const bool added = models().add({.name = "openmp", .what = "#pragma omp parallel for reduction(+:sum) over blocks of terms", .make = make_openmp});

}  // namespace cpu_sum
