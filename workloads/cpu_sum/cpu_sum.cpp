// cpu_sum's shared code: the kernel every model runs, the oracle, and the model table.
#include "workloads/cpu_sum/cpu_sum.hpp"

#include <map>
#include <mutex>
#include <stdexcept>

#include "workloads/common/batch_timer.hpp"

namespace cpu_sum {

// Aligned to a cache line so that the loop sits at the same offset from 32- and 64-byte
// boundaries in every executable (concbench, concbench_worker): otherwise the same object code
// ran up to 1.6x faster in the worker process than in concbench, depending on where the linker
// happened to place it (Intel's decoded-instruction cache and jump-alignment effects). Never
// inlined, not even into the oracle below: every model and the baseline run this one copy.
__attribute__((aligned(64), noinline)) std::uint64_t sum_range(std::uint64_t first, std::uint64_t last) {
  std::uint64_t sum = 0;
  for (std::uint64_t i = first; i < last; ++i) sum += term(i);
  return sum;
}

concbench::ModelTable<Model>& models() {
  static concbench::ModelTable<Model> table("cpu_sum");
  return table;
}

namespace {

const Model& baseline_model() {
  const Model* found = models().baseline();
  if (!found) throw std::logic_error("cpu_sum has no baseline model");
  return *found;
}

}  // namespace

std::uint64_t answer(std::uint64_t n) {
  static std::mutex mutex;
  static std::map<std::uint64_t, std::uint64_t> known;
  std::scoped_lock lock(mutex);
  const auto found = known.find(n);
  return found != known.end() ? found->second : known[n] = baseline_model().make(1)(n);
}

double serial_seconds(std::uint64_t n) {
  const auto sum = baseline_model().make(1);
  return concbench::seconds_per_call([&] {
    volatile std::uint64_t total = sum(n);  // volatile: the call must happen every time
    (void)total;
  });
}

}  // namespace cpu_sum
