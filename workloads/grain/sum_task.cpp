#include "workloads/grain/grain.hpp"

namespace grain {

std::uint64_t sum_task(concbench::Chunk task) { return cpu_sum::sum_range(task); }

}  // namespace grain
