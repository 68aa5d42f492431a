// memory: what one waiting unit costs in memory under each model, with many units alive at
// once (10,000 by default; processes and suspended TBB tasks fewer). CONCBENCH_UNITS=<n> sets
// the count for every model (TBB's capped at memory::max_tbb_units). Every unit, once released,
// runs its unit of work, and the sum is checked.
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>

#include "benchmarks/registry.hpp"
#include "workloads/memory/memory.hpp"

namespace {

struct Variant {
  const char* model;
  memory::Runner (*make)();
  std::int64_t quick_units, full_units;
};

// Processes: 10,000 at once is more than a 2-core test machine's pids and file descriptors
// should carry, so they are measured with fewer; per-unit PSS hardly depends on the count.
constexpr Variant variants[] = {
    {"threads", memory::make_threads, 10'000, 10'000}, {"process", memory::make_process, 100, 1'000},
    {"async", memory::make_async, 10'000, 10'000},     {"coroutine", memory::make_coroutine, 10'000, 10'000},
    {"tbb", memory::make_tbb, memory::max_tbb_units, memory::max_tbb_units},
};

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

void run(benchmark::State& state, const Variant& variant, std::uint64_t units) {
  concbench::reporting_errors(state, [&] {
    const auto hold_units = variant.make();
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
  for (const auto& variant : variants) {
    std::int64_t units = override_units                          ? override_units
                         : suite == concbench::Suite::smoke      ? 20
                         : suite == concbench::Suite::quick      ? variant.quick_units
                                                                 : variant.full_units;
    if (variant.make == memory::make_tbb) units = std::min<std::int64_t>(units, memory::max_tbb_units);
    concbench::add_benchmark("memory", variant.model, {{"units", units}},
                             [&variant, units](benchmark::State& state) { run(state, variant, static_cast<std::uint64_t>(units)); });
  }
}

const bool registered = concbench::register_workload("memory", add_benchmarks);

}  // namespace
