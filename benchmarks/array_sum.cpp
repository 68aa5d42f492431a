// array_sum: the sum of an array in memory under every model, checked against the closed form,
// each value paired with a STREAM-style probe of the machine's read bandwidth.
#include <algorithm>
#include <memory>
#include <string>

#include "benchmarks/harness/machine_context.hpp"
#include "benchmarks/registry.hpp"
#include "workloads/array_sum/array_sum.hpp"
#include "workloads/common/hardware.hpp"

namespace {

//! The array of `bytes`, kept for the next call: Google Benchmark calls a benchmark again and
//! again while it settles its iterations and for each repetition, and filling 1 GiB takes longer
//! than summing it. One array at a time: the previous one goes before the next is filled.
const array_sum::SharedArray& array_of(std::uint64_t bytes) {
  static std::unique_ptr<array_sum::SharedArray> kept;
  if (!kept || kept->bytes() != bytes / sizeof(std::uint64_t) * sizeof(std::uint64_t)) {
    kept.reset();
    kept = std::make_unique<array_sum::SharedArray>(bytes);
  }
  return *kept;
}

void run(benchmark::State& state, const array_sum::Model& model, std::uint64_t bytes, int workers) {
  concbench::reporting_errors(state, [&] {
    const auto& array = array_of(bytes);  // filled, every page touched, before anything is timed
    const auto sum = concbench::warmed_up(std::string("array_sum/") + model.name, [&] { return model.make(array, workers); },  // pools, arenas, processes that map it
                                          [&](const auto& run) { benchmark::DoNotOptimize(run()); });
    // The bandwidth the ideal rests on: the probe at as many threads as the model can use cores.
    const int threads = model.uses_cores ? std::min(workers, concbench::usable_cores()) : 1;
    concbench::PairedBaseline probe("probe_s", [&] { return array_sum::probe_seconds(array, threads); });
    concbench::Stopwatch timed_loop;
    for (auto _ : state) {
      const std::uint64_t total = sum();
      benchmark::DoNotOptimize(total);
      array_sum::check(total, array.count());
    }
    timed_loop.stop();
    const double probe_seconds = probe.finish(state);
    concbench::set_counters(state, workers, probe_seconds, timed_loop);
    const double seconds = timed_loop.seconds() / static_cast<double>(std::max<benchmark::IterationCount>(state.iterations(), 1));
    state.counters["bytes"] = static_cast<double>(array.bytes());
    state.counters["llc_bytes"] = static_cast<double>(array_sum::last_level_cache_bytes());
    state.counters["probe_threads"] = threads;
    state.counters["bandwidth_bytes_per_s"] = static_cast<double>(array.bytes()) / seconds;
    state.counters["probe_bandwidth_bytes_per_s"] = static_cast<double>(array.bytes()) / probe_seconds;
  });
}

//! Smoke: sizes whose element counts do not divide by the worker counts. Quick: 4 MiB (within the
//! last-level cache of most machines) and 256 MiB (beyond it: 8x a 32 MiB LLC), at 1, 2 and all
//! workers, for the models whose rows say so. Full: 32 KiB (L1) to 1 GiB, and 8x the LLC this
//! machine reports if that is more.
std::vector<std::int64_t> sizes(concbench::Suite suite) {
  using concbench::Suite;
  if (suite == Suite::smoke) return {65'544, 4'194'312};
  if (suite == Suite::quick) return {4 << 20, 256 << 20};
  std::vector<std::int64_t> full{32 << 10, 256 << 10, 4 << 20, 32 << 20, 256 << 20, 1 << 30};
  std::int64_t beyond = 1 << 30;
  while (beyond < 8 * static_cast<std::int64_t>(array_sum::last_level_cache_bytes())) beyond *= 2;
  if (beyond > full.back()) full.push_back(beyond);
  return full;
}

//! Quick: 1, 2 and all the CPUs (`workers:all`); the others: as every workload.
std::vector<concbench::WorkerCount> workers(concbench::Suite suite) {
  if (suite != concbench::Suite::quick) return concbench::worker_counts(suite);
  std::vector<concbench::WorkerCount> counts;
  for (const int count : {1, 2})
    if (count < concbench::usable_cpus()) counts.push_back({count});
  counts.push_back(concbench::all_cpus());
  return counts;
}

//! Sizes whose array would not fit in the memory available now (with a quarter to spare for
//! everything else) are left out, each with one line, rather than ending in the kernel's
//! out-of-memory killer: a fleet's small hosts still run the rest of the suite.
std::vector<std::int64_t> sizes_that_fit(concbench::Suite suite) {
  const std::uint64_t available = concbench::available_memory_bytes();
  std::vector<std::int64_t> kept;
  for (const auto bytes : sizes(suite)) {
    if (available == 0 || static_cast<std::uint64_t>(bytes) <= available / 4 * 3) {
      kept.push_back(bytes);
      continue;
    }
    concbench::skipped_models().push_back(
        {"array_sum", "bytes:" + std::to_string(bytes),
         "needs " + std::to_string(bytes >> 20) + " MiB, and " + std::to_string(available >> 20) +
             " MiB of memory are available (3/4 may be used)"});
  }
  return kept;
}

void add_benchmarks(concbench::Suite suite) {
  using concbench::Suite;
  const auto fitting = sizes_that_fit(suite);
  for (const auto& model : array_sum::models().all())
    for (const auto bytes : fitting)
      for (const auto count : workers(suite)) {
        if (!model.takes_workers && count.count != 1) continue;
        if (suite == Suite::quick && (!model.quick || (model.slow_to_start && model.takes_workers && !count.all))) continue;
        // The answer rests on the largest quick size, beyond the caches, at all the CPUs.
        const bool summary = suite != Suite::smoke && bytes == 256 << 20 && (count.all || !model.takes_workers);
        concbench::add_benchmark(
            "array_sum", model.name, {{"bytes", bytes}, {"workers", count.arg()}},
            [&model, bytes, workers = count.count](benchmark::State& state) { run(state, model, static_cast<std::uint64_t>(bytes), workers); },
            summary);
      }
}

const bool registered = concbench::register_workload({.name = "array_sum",
                                                       .what = "sum an array of `bytes` of 64-bit integers held in memory, in `workers` parts",
                                                       .kind = concbench::Kind::memory,
                                                       .unit = "byte",
                                                       .ideal = "bytes / the read bandwidth a STREAM-style probe measures beside it at min(workers, cores) threads (one for a model that uses one thread)",
                                                       .speedup = "speedup over serial's entry at the same size (not paired: the probe is this workload's paired baseline)",
                                                       .measure = "bandwidth_bytes_per_s",
                                                       .lower_is_better = false,
                                                       .order = 15},
                                                      add_benchmarks, [] { return concbench::listing(array_sum::models()); });

}  // namespace
