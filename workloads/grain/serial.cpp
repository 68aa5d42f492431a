#include "workloads/grain/grain.hpp"

namespace grain {

//! The tasks one after another on the calling thread: what cutting the work costs by itself.
Runner make_serial(int /*workers*/) {
  return [](std::uint64_t total, std::uint64_t grain) {
    std::uint64_t sum = 0;
    for (const auto task : tasks(total, grain)) sum += cpu_sum::sum_range(task);
    return sum;
  };
}

}  // namespace grain
