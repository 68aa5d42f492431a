// cpu_sum's shared code: the kernel every model runs, the oracle, and the model table.
#include "workloads/cpu_sum/cpu_sum.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>

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

double serial_seconds(std::uint64_t n) { return seconds_per_sum(baseline_model().make(1), n); }

double seconds_per_sum(const Runner& sum, std::uint64_t n, std::uint64_t at_most) {
  const std::uint64_t terms = std::min(n, at_most);
  const double seconds = concbench::seconds_per_call([&] {
    volatile std::uint64_t total = sum(terms);  // volatile: the call must happen every time
    (void)total;
  });
  return terms > 0 ? seconds * static_cast<double>(n) / static_cast<double>(terms) : seconds;
}

const Model& serial_model_of(const Model& model) {
  if (!model.serial_model) return baseline_model();
  const Model* found = models().find(model.serial_model);
  if (!found) throw std::logic_error(std::string("cpu_sum/") + model.name + " rests on " + model.serial_model + ", which has no row");
  return *found;
}

}  // namespace cpu_sum
