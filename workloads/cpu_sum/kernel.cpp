#include "workloads/cpu_sum/cpu_sum.hpp"

namespace cpu_sum {

std::uint64_t sum_range(std::uint64_t first, std::uint64_t last) {
  std::uint64_t sum = 0;
  for (std::uint64_t i = first; i < last; ++i) sum += term(i);
  return sum;
}

}  // namespace cpu_sum
