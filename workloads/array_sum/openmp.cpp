#include <omp.h>

#include <algorithm>

#include "workloads/array_sum/array_sum.hpp"

namespace array_sum {
namespace {
// Elements per loop iteration (512 KiB): every block is summed by the one compiled kernel.
constexpr std::uint64_t block = 1 << 16;
}  // namespace

//! STREAM's own model: a parallel for with a + reduction over `workers` OpenMP threads, static
//! schedule, over blocks of elements.
Runner make_openmp(const SharedArray& array, int workers) {
#pragma omp parallel num_threads(workers)  // start the team now, not in the first timed call
  { }
  return [data = array.data(), count = array.count(), workers] {
    std::uint64_t sum = 0;
    const std::uint64_t blocks = (count + block - 1) / block;
#pragma omp parallel for reduction(+ : sum) num_threads(workers) schedule(static)
    for (std::uint64_t b = 0; b < blocks; ++b) sum += sum_range(data, b * block, std::min(count, (b + 1) * block));
    return sum;
  };
}

const bool added = models().add({.name = "openmp", .what = "#pragma omp parallel for reduction(+:sum) over blocks of elements", .make = make_openmp});

}  // namespace array_sum
