#include <algorithm>

#include "workloads/common/batch_timer.hpp"
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
  const auto serial = make_serial(1);
  return concbench::seconds_per_call([&] {
           volatile std::uint64_t sum = serial(units);  // volatile: every call must run
           (void)sum;
         }) /
         static_cast<double>(std::max<std::uint64_t>(units, 1));
}

const bool added = models().add({.name = "serial",
                                  .what = "the same units as plain calls: the baseline",
                                  .make = make_serial,
                                  .units = 100'000,
                                  .baseline = true});

}  // namespace spawn
