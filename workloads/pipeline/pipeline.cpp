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

void DriedItems::add(std::uint64_t id, std::int64_t due_ns) {
  const std::int64_t latency_ns = clock_ns(concbench::RequestClock::now()) - due_ns;
  tally_.add(id);
  latencies_ << ' ' << id << ' ' << latency_ns;
}

std::string DriedItems::to_words() const { return tally_.to_words() + latencies_.str(); }

void DriedItems::read(const std::string& words, Tally& delivered, concbench::RequestLog& log) {
  std::istringstream in(words);
  Tally tally;
  if (!(in >> tally.count >> tally.checksum)) throw std::runtime_error("a consumer's reply has no tally: '" + words.substr(0, 80) + "'");
  delivered += tally;
  std::uint64_t id = 0;
  std::int64_t latency_ns = 0;
  for (std::uint64_t item = 0; item < tally.count; ++item) {
    if (!(in >> id >> latency_ns) || id >= static_cast<std::uint64_t>(log.requests()))
      throw std::runtime_error("a consumer's reply lacks the latency of its item " + std::to_string(item + 1) + " of " + std::to_string(tally.count));
    // Negative only if washer and dryer read different clocks: stages on two hosts.
    if (latency_ns < 0) throw std::runtime_error("item " + std::to_string(id) + " was dried before it was washed: its stages read different clocks");
    log.set(static_cast<int>(id), static_cast<double>(latency_ns) * 1e-9);
  }
}

concbench::ModelTable<Model>& models() {
  static concbench::ModelTable<Model> table("pipeline");
  return table;
}

}  // namespace pipeline
