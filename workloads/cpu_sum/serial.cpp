#include "workloads/cpu_sum/cpu_sum.hpp"

namespace cpu_sum {

//! The baseline and the oracle: one loop on the calling thread.
Runner make_serial(int /*workers*/) {
  return [](std::uint64_t n) { return sum_range(1, n + 1); };
}

const bool added = models().add({.name = "serial", .what = "one loop on the calling thread: the baseline and the oracle", .make = make_serial, .uses_cores = false, .takes_workers = false, .baseline = true});

}  // namespace cpu_sum
