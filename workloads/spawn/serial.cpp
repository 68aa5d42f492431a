#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>

#include "workloads/spawn/spawn.hpp"

namespace spawn {

std::uint64_t unit(std::uint64_t i) { return cpu_sum::term(i); }

//! The reference: the same units as plain calls, so that only the model's start-up cost differs.
Runner make_serial(int /*workers*/) {
  return [](std::uint64_t units) {
    std::uint64_t sum = 0;
    for (std::uint64_t i = 0; i < units; ++i) sum += unit(i);
    return sum;
  };
}

double serial_seconds_per_unit(std::uint64_t units) {
  static std::mutex mutex;
  static std::map<std::uint64_t, double> known;
  std::scoped_lock lock(mutex);
  if (auto found = known.find(units); found != known.end()) return found->second;
  const auto serial = make_serial(1);
  double best = 1e300;
  for (int run = 0; run < 5; ++run) {
    const auto start = std::chrono::steady_clock::now();
    const volatile std::uint64_t sum = serial(units);
    (void)sum;
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return known[units] = best / static_cast<double>(std::max<std::uint64_t>(units, 1));
}

}  // namespace spawn
