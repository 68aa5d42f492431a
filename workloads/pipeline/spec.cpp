#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <thread>

#include "workloads/common/hardware.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"
#include "workloads/pipeline/pipeline.hpp"

namespace pipeline {
namespace {

double thread_cpu_microseconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e6 + now.tv_nsec * 1e-3;
}

//! cpu_sum terms per microsecond of this thread's CPU time — not wall time, which on a shared
//! machine counts the time other processes ran. The best of a few runs of about 60 us, short
//! because each stage process calibrates on its first item, inside the timed call.
double terms_per_microsecond() {
  static const double rate = [] {
    constexpr std::uint64_t terms = 1 << 16;
    double best = 1e9;
    volatile std::uint64_t sink = 0;
    for (int run = 0; run < 5; ++run) {
      const double start = thread_cpu_microseconds();
      sink = sink + cpu_sum::sum_range(1, terms + 1);
      best = std::min(best, thread_cpu_microseconds() - start);
    }
    return terms / std::max(best, 1.0);
  }();
  return rate;
}

}  // namespace

std::string to_words(const Spec& spec) {
  std::ostringstream words;
  words << spec.producers << ' ' << spec.items << ' ' << spec.wash_us << ' ' << spec.capacity << ' ' << spec.consumers << ' '
        << spec.dry_us << ' ' << spec.cpu << ' ' << spec.acknowledge;
  return words.str();
}

Spec from_words(std::istringstream& words) {
  Spec spec;
  if (!(words >> spec.producers >> spec.items >> spec.wash_us >> spec.capacity >> spec.consumers >> spec.dry_us >> spec.cpu >>
        spec.acknowledge) ||
      spec.producers < 1 || spec.consumers < 1 || spec.capacity < 0 || spec.wash_us < 0 || spec.dry_us < 0)
    throw std::invalid_argument("expected a pipeline spec: P M WASH_US Q C DRY_US CPU ACK");
  return spec;
}

Tally expected(const Spec& spec) {
  Tally tally;
  for (std::uint64_t id = 0; id < spec.items; ++id) tally.add(id);
  return tally;
}

void serve(int us, bool cpu) {
  if (us <= 0) return;
  if (!cpu) {
    std::this_thread::sleep_for(std::chrono::microseconds(us));
    return;
  }
  static thread_local std::uint64_t first = 1;  // a different range each time: nothing to hoist
  const auto terms = static_cast<std::uint64_t>(us * terms_per_microsecond());
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
