#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <thread>

#include "workloads/common/hardware.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"
#include "workloads/pipeline/pipeline.hpp"

namespace pipeline {

double cpu_terms_per_microsecond() {
  constexpr std::uint64_t terms = 1 << 22;
  static const double rate = terms / (cpu_sum::reference(terms).seconds * 1e6);
  return rate;
}

std::string to_words(const Spec& spec) {
  std::ostringstream words;
  words << spec.producers << ' ' << spec.items << ' ' << spec.wash_us << ' ' << spec.capacity << ' ' << spec.consumers << ' '
        << spec.dry_us << ' ' << spec.cpu << ' ' << spec.acknowledge << ' '
        << (!spec.cpu ? 0 : spec.cpu_rate > 0 ? spec.cpu_rate : cpu_terms_per_microsecond());
  return words.str();
}

Spec from_words(std::istringstream& words) {
  Spec spec;
  if (!(words >> spec.producers >> spec.items >> spec.wash_us >> spec.capacity >> spec.consumers >> spec.dry_us >> spec.cpu >>
        spec.acknowledge >> spec.cpu_rate) ||
      spec.producers < 1 || spec.consumers < 1 || spec.capacity < 0 || spec.wash_us < 0 || spec.dry_us < 0)
    throw std::invalid_argument("expected a pipeline spec: P M WASH_US Q C DRY_US CPU ACK RATE");
  return spec;
}

Tally expected(const Spec& spec) {
  Tally tally;
  for (std::uint64_t id = 0; id < spec.items; ++id) tally.add(id);
  return tally;
}

void serve(int us, const Spec& spec) {
  if (us <= 0) return;
  if (!spec.cpu) {
    std::this_thread::sleep_for(std::chrono::microseconds(us));
    return;
  }
  static thread_local std::uint64_t first = 1;  // a different range each time: nothing to hoist
  const double rate = spec.cpu_rate > 0 ? spec.cpu_rate : cpu_terms_per_microsecond();
  const auto terms = static_cast<std::uint64_t>(us * rate);
  volatile std::uint64_t sink = cpu_sum::sum_range(first, first + terms);
  (void)sink;
  first += terms;
}

double ideal_seconds(const Spec& spec) {
  const double wash = spec.wash_us * 1e-6, dry = spec.dry_us * 1e-6;
  const double per_producer = std::ceil(static_cast<double>(spec.items) / spec.producers);
  const double per_consumer = std::ceil(static_cast<double>(spec.items) / spec.consumers);
  double seconds = std::max(per_producer * wash + dry, wash + per_consumer * dry);
  if (spec.acknowledge) seconds = std::max(seconds, per_producer * (wash + dry));
  if (spec.cpu) seconds = std::max(seconds, spec.items * (wash + dry) / concbench::usable_cores());
  return seconds;
}

}  // namespace pipeline
