// pipeline's shared code: the spec in words (for stage processes), the expected tally, the
// ideal, and the model table.
#include "workloads/pipeline/pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <thread>

#include "workloads/common/hardware.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"

namespace pipeline {

std::string to_words(const Spec& spec) {
  std::ostringstream words;
  words << spec.producers << ' ' << spec.items << ' ' << spec.wash << ' ' << spec.capacity << ' ' << spec.consumers << ' '
        << spec.dry << ' ' << spec.cpu << ' ' << spec.acknowledge;
  return words.str();
}

Spec from_words(std::istringstream& words) {
  Spec spec;
  if (!(words >> spec.producers >> spec.items >> spec.wash >> spec.capacity >> spec.consumers >> spec.dry >> spec.cpu >>
        spec.acknowledge) ||
      spec.producers < 1 || spec.consumers < 1 || spec.capacity < 0)
    throw std::invalid_argument("expected a pipeline spec: P M WASH Q C DRY CPU ACK");
  return spec;
}

Tally expected(const Spec& spec) {
  Tally tally;
  for (std::uint64_t id = 0; id < spec.items; ++id) tally.add(id);
  return tally;
}

void serve(std::uint64_t amount, const Spec& spec) {
  if (amount == 0) return;
  if (!spec.cpu) {
    std::this_thread::sleep_for(std::chrono::microseconds(amount));
    return;
  }
  static thread_local std::uint64_t first = 1;  // a different range each time: nothing to hoist
  volatile std::uint64_t sink = cpu_sum::sum_range(first, first + amount);
  (void)sink;
  first += amount;
}

double service_seconds(std::uint64_t amount, const Spec& spec, double seconds_per_term) {
  return static_cast<double>(amount) * (spec.cpu ? seconds_per_term : 1e-6);
}

double ideal_seconds(const Spec& spec, double seconds_per_term) {
  const double wash = service_seconds(spec.wash, spec, seconds_per_term), dry = service_seconds(spec.dry, spec, seconds_per_term);
  const double per_producer = std::ceil(static_cast<double>(spec.items) / spec.producers);
  const double per_consumer = std::ceil(static_cast<double>(spec.items) / spec.consumers);
  double seconds = std::max(per_producer * wash + dry, wash + per_consumer * dry);
  if (spec.acknowledge) seconds = std::max(seconds, per_producer * (wash + dry));
  if (spec.cpu) seconds = std::max(seconds, spec.items * (wash + dry) / concbench::usable_cores());
  return seconds;
}

concbench::ModelTable<Model>& models() {
  static concbench::ModelTable<Model> table("pipeline");
  return table;
}

}  // namespace pipeline
