// cpu_sum: sum f(1..n) under every model; each variant is checked against the serial answer.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "benchmarks/registry.hpp"
#include "workloads/common/hardware.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"

namespace {

struct Variant {
  const char* model;
  cpu_sum::Runner (*make)(int workers);
  bool uses_cores;  // false: one thread whatever `workers` says, so its ideal is the serial time
};

constexpr Variant variants[] = {
    {"serial", cpu_sum::make_serial, false},   {"threads", cpu_sum::make_threads, true},
    {"pool", cpu_sum::make_pool, true},        {"process", cpu_sum::make_process, true},
    {"tbb", cpu_sum::make_tbb, true},          {"openmp", cpu_sum::make_openmp, true},
    {"async", cpu_sum::make_async, false},     {"async_pool", cpu_sum::make_async_pool, true},
#ifdef CONCBENCH_HAVE_REDIS
    {"redis", cpu_sum::make_redis, true},
#endif
};

void run(benchmark::State& state, const Variant& variant, std::uint64_t n, int workers) {
  concbench::reporting_errors(state, [&] {
    const auto expected = cpu_sum::answer(n);
    const auto sum = concbench::warmed_up(std::string("cpu_sum/") + variant.model, [&] { return variant.make(workers); },  // pools, arenas, worker processes
                                          [&](const auto& run) { benchmark::DoNotOptimize(run(n)); });
    concbench::PairedBaseline serial("serial_s", [n] { return cpu_sum::serial_seconds(n); });
    concbench::Stopwatch timed_loop;
    for (auto _ : state) {
      const std::uint64_t total = sum(n);
      benchmark::DoNotOptimize(total);
      if (total != expected)
        throw std::runtime_error("sum is " + std::to_string(total) + ", serial says " + std::to_string(expected));
    }
    timed_loop.stop();
    const double serial_seconds = serial.finish(state);  // the baseline ideal_s rests on, for the report
    const int cores = variant.uses_cores ? std::min(workers, concbench::usable_cores()) : 1;
    concbench::set_counters(state, workers, serial_seconds / cores, timed_loop);
  });
}

void add_benchmarks(concbench::Suite suite) {
  using concbench::Suite;
  const std::vector<std::int64_t> sizes = suite == Suite::smoke   ? std::vector<std::int64_t>{1'000, 100'003}
                                          : suite == Suite::quick ? std::vector<std::int64_t>{1'000'000, 100'000'000}
                                                                  : std::vector<std::int64_t>{1'000'000, 10'000'000, 100'000'000, 1'000'000'000};
  for (const auto& variant : variants)
    for (const auto n : sizes)
      for (const int workers : concbench::worker_counts(suite)) {
        if (variant.make == cpu_sum::make_serial && workers != 1) continue;  // serial ignores workers
        concbench::add_benchmark("cpu_sum", variant.model, {{"n", n}, {"workers", workers}},
                                 [&variant, n, workers](benchmark::State& state) {
                                   run(state, variant, static_cast<std::uint64_t>(n), workers);
                                 });
      }
}

const bool registered = concbench::register_workload("cpu_sum", add_benchmarks);

}  // namespace
