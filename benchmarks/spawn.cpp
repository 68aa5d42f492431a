// spawn: what it costs to start and finish one unit of work under each model, measured against
// a serial loop of the same units (EPCC style); each run's sum of unit results is checked.
#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

#include "benchmarks/registry.hpp"
#include "workloads/common/hardware.hpp"
#include "workloads/spawn/spawn.hpp"

namespace {

//! A parent's resident heap: allocated and touched in set-up, so that fork has page tables to copy.
std::unique_ptr<char[]> resident_heap(std::int64_t mib) {
  if (mib == 0) return nullptr;
  const auto bytes = static_cast<std::size_t>(mib) << 20;
  auto heap = std::make_unique_for_overwrite<char[]>(bytes);
  std::memset(heap.get(), 1, bytes);
  return heap;
}

void run(benchmark::State& state, const spawn::Model& model, std::uint64_t units, std::int64_t heap_mib) {
  concbench::reporting_errors(state, [&] {
    const int workers = concbench::usable_cores();
    const std::uint64_t expected = spawn::expected(units);
    const auto heap = resident_heap(heap_mib);
    const auto start_units = concbench::warmed_up(std::string("spawn/") + model.name, [&] { return model.make(workers); }, [&](const auto& run) { run(units); });
    concbench::PairedBaseline serial("serial_unit_s", [units] { return spawn::serial_seconds_per_unit(units); });
    concbench::Stopwatch timed_loop;
    for (auto _ : state) {
      const std::uint64_t sum = start_units(units);
      benchmark::DoNotOptimize(sum);
      if (sum != expected)
        throw std::runtime_error("units sum to " + std::to_string(sum) + ", serial says " + std::to_string(expected));
    }
    timed_loop.stop();
    const double per_unit = timed_loop.seconds() / static_cast<double>(state.iterations()) / static_cast<double>(units);
    const double serial_per_unit = serial.finish(state);
    concbench::set_counters(state, workers, 0, timed_loop);
    state.counters["units"] = static_cast<double>(units);
    state.counters["unit_s"] = per_unit;
    state.counters["overhead_s"] = per_unit - serial_per_unit;
    benchmark::DoNotOptimize(heap.get());
  });
}

void add_benchmarks(concbench::Suite suite) {
  using concbench::Suite;
  const std::vector<std::int64_t> heaps = suite == Suite::smoke   ? std::vector<std::int64_t>{0, 16}
                                          : suite == Suite::quick ? std::vector<std::int64_t>{0}
                                                                  : std::vector<std::int64_t>{0, 256, 1024};
  for (const auto& model : spawn::models().all()) {
    // Smoke: a hundredth, at least 3 — never more than the model's own count (mpi's one start).
    const std::int64_t suite_units = suite == Suite::smoke ? std::min(model.units, std::max<std::int64_t>(3, model.units / 100)) : model.units;
    for (const auto heap_mib : model.starts_processes ? heaps : std::vector<std::int64_t>{0}) {
      const std::int64_t units = heap_mib > 0 ? std::min<std::int64_t>(suite_units, 5) : suite_units;  // a fork there takes tens of ms
      std::vector<std::pair<std::string, std::int64_t>> args{{"units", units}};
      if (model.starts_processes) args.emplace_back("heap_mib", heap_mib);
      concbench::add_benchmark(
          "spawn", model.name, args,
          [&model, units, heap_mib](benchmark::State& state) { run(state, model, static_cast<std::uint64_t>(units), heap_mib); },
          suite != Suite::smoke && heap_mib == 0);  // each model's start from a small parent: the summary case
    }
  }
}

const bool registered = concbench::register_workload({.name = "spawn",
                                                                     .what = "start and finish K tiny units: the cost of one unit",
                                                                     .kind = concbench::Kind::overhead,
                                                                     .unit = "unit",
                                                                     .measure = "overhead_s",
                                                                     .order = 70},
                                                                    add_benchmarks, [] { return concbench::listing(spawn::models()); });

}  // namespace
