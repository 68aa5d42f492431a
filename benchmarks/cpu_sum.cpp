// cpu_sum: sum f(1..n) under every model; each model is checked against the serial answer.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "benchmarks/registry.hpp"
#include "workloads/common/hardware.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"

namespace {

void run(benchmark::State& state, const cpu_sum::Model& model, std::uint64_t n, int workers) {
  concbench::reporting_errors(state, [&] {
    const auto expected = cpu_sum::answer(n);
    const auto sum = concbench::warmed_up(std::string("cpu_sum/") + model.name, [&] { return model.make(workers); },  // pools, arenas, worker processes
                                          [&](const auto& run) { benchmark::DoNotOptimize(run(n)); });
    // The serial time the ideal rests on: serial's, or for a Python model Python's own loop
    // (py_serial), which runs in its interpreter and so is not pinned CPU by CPU.
    const auto& serial_model = cpu_sum::serial_model_of(model);
    const auto serial_sum = &serial_model == &model ? sum : serial_model.make(1);
    const auto terms = model.interpreted ? cpu_sum::interpreted_baseline_terms : cpu_sum::baseline_terms;
    concbench::PairedBaseline serial("serial_s", [&] { return cpu_sum::seconds_per_sum(serial_sum, n, terms); },
                                     /*per_cpu=*/!model.interpreted);
    concbench::Stopwatch timed_loop;
    for (auto _ : state) {
      const std::uint64_t total = sum(n);
      benchmark::DoNotOptimize(total);
      if (total != expected)
        throw std::runtime_error("sum is " + std::to_string(total) + ", serial says " + std::to_string(expected));
    }
    timed_loop.stop();
    const double serial_seconds = serial.finish(state);  // the fastest CPU's serial time, for the report
    const int cores = model.uses_cores ? std::min(workers, concbench::usable_cores()) : 1;
    concbench::set_counters(state, workers, serial_seconds / serial.capacity(cores), timed_loop);
  });
}

//! The quick suite measures the answer's problem, n = 1e8, at every worker count — its all-CPU
//! case is the workload's summary case — and each Python model once, at 1e6 (plain Python is
//! ~300x slower a term). The full suite sweeps n from 1e6 to 1e9 (Python to 1e7).
std::vector<std::int64_t> sizes(concbench::Suite suite, const cpu_sum::Model& model) {
  using concbench::Suite;
  if (suite == Suite::smoke) return {1'000, 100'003};
  if (suite == Suite::quick) return {model.interpreted ? 1'000'000 : 100'000'000};
  if (model.interpreted) return {1'000'000, 10'000'000};
  return {1'000'000, 10'000'000, 100'000'000, 1'000'000'000};
}

void add_benchmarks(concbench::Suite suite) {
  using concbench::Suite;
  for (const auto& model : cpu_sum::models().all())
    for (const auto n : sizes(suite, model))
      for (const auto workers : concbench::worker_counts(suite)) {
        if (!model.takes_workers && workers.count != 1) continue;
        if (suite == Suite::quick && (model.interpreted || model.slow_to_start) && model.takes_workers && !workers.all) continue;
        const bool summary = suite != Suite::smoke && n == 100'000'000 && (workers.all || !model.takes_workers);
        concbench::add_benchmark(
            "cpu_sum", model.name, {{"n", n}, {"workers", workers.arg()}},
            [&model, n, count = workers.count](benchmark::State& state) { run(state, model, static_cast<std::uint64_t>(n), count); },
            summary);
      }
}

const bool registered = concbench::register_workload({.name = "cpu_sum",
                                                      .what = "sum f(i) for i in 1..n in `workers` chunks",
                                                      .kind = concbench::Kind::compute,
                                                      .unit = "term",
                                                      .ideal = "serial time on the fastest CPU / the summed speed of the min(workers, cores) fastest CPUs; "
                                                               "serial time for a model that uses one thread",
                                                      .speedup = "speedup over serial",
                                                      .order = 10},
                                                     add_benchmarks, [] { return concbench::listing(cpu_sum::models()); });

}  // namespace
