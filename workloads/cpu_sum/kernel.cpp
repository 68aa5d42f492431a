#include "workloads/cpu_sum/cpu_sum.hpp"

namespace cpu_sum {

// Aligned to a cache line so that the loop sits at the same offset from 32- and 64-byte
// boundaries in every executable (concbench, concbench_worker): otherwise the same object code
// ran up to 1.6x faster in the worker process than in concbench, depending on where the linker
// happened to place it (Intel's decoded-instruction cache and jump-alignment effects).
__attribute__((aligned(64))) std::uint64_t sum_range(std::uint64_t first, std::uint64_t last) {
  std::uint64_t sum = 0;
  for (std::uint64_t i = first; i < last; ++i) sum += term(i);
  return sum;
}

}  // namespace cpu_sum
