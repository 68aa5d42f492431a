#include "workloads/cpu_sum/cpu_sum.hpp"

namespace cpu_sum {

//! The baseline and the oracle: one loop on the calling thread.
Runner make_serial(int /*workers*/) {
  return [](std::uint64_t n) { return sum_range(1, n + 1); };
}

}  // namespace cpu_sum
