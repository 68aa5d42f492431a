// memory: what one waiting unit costs in memory under each model, with many units alive at
// once (10,000 by default; processes and suspended TBB tasks fewer). CONCBENCH_UNITS=<n> sets
// the count for every model (capped at a model's max_units). Every unit, once released,
// runs its unit of work, and the sum is checked.
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>

#include "benchmarks/registry.hpp"
#include "workloads/memory/memory.hpp"

namespace {

//! CONCBENCH_UNITS, if set: a positive count of units for every memory entry.
std::int64_t units_from_environment() {
  const char* text = std::getenv("CONCBENCH_UNITS");
  if (!text || !*text) return 0;
  char* end = nullptr;
  const long long units = std::strtoll(text, &end, 10);
  if (*end != '\0' || units <= 0) {
    std::cerr << "concbench: CONCBENCH_UNITS must be a positive integer, not '" << text << "'\n";
    std::exit(2);
  }
  return units;
}

void run(benchmark::State& state, const memory::Model& model, std::uint64_t units) {
  concbench::reporting_errors(state, [&] {
    const auto hold_units = model.make();
    memory::Footprint total;
    concbench::Stopwatch timed_loop;
    for (auto _ : state) {
      const auto footprint = hold_units(units);
      total.bytes_per_unit += footprint.bytes_per_unit;
      total.virtual_bytes_per_unit += footprint.virtual_bytes_per_unit;
      total.heap_bytes_per_unit += footprint.heap_bytes_per_unit;
      total.kernel_bytes_per_unit += footprint.kernel_bytes_per_unit;
      total.stack_bytes = footprint.stack_bytes;
    }
    concbench::set_counters(state, 1, 0, timed_loop);
    const double runs = static_cast<double>(state.iterations());
    state.counters["units"] = static_cast<double>(units);
    state.counters["bytes_per_unit"] = total.bytes_per_unit / runs;
    state.counters["virtual_bytes_per_unit"] = total.virtual_bytes_per_unit / runs;
    state.counters["heap_bytes_per_unit"] = total.heap_bytes_per_unit / runs;
    state.counters["kernel_bytes_per_unit"] = total.kernel_bytes_per_unit / runs;
    if (total.stack_bytes > 0) state.counters["stack_bytes"] = total.stack_bytes;
  });
}

void add_benchmarks(concbench::Suite suite) {
  const std::int64_t override_units = units_from_environment();
  for (const auto& model : memory::models().all()) {
    std::int64_t units = override_units                          ? override_units
                         : suite == concbench::Suite::smoke      ? 20
                         : suite == concbench::Suite::quick      ? model.quick_units
                                                                 : model.full_units;
    if (model.max_units > 0) units = std::min(units, model.max_units);
    concbench::add_benchmark(
        "memory", model.name, {{"units", units}},
        [&model, units](benchmark::State& state) { run(state, model, static_cast<std::uint64_t>(units)); },
        suite != concbench::Suite::smoke);  // one case a model: the summary case
  }
}

const bool registered = concbench::register_workload({.name = "memory",
                                                                     .what = "10,000 units alive at once: bytes per waiting unit",
                                                                     .kind = concbench::Kind::overhead,
                                                                     .unit = "unit",
                                                                     .measure = "bytes_per_unit",
                                                                     .order = 100},
                                                                    add_benchmarks, [] { return concbench::listing(memory::models()); });

}  // namespace
