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
    // The serial time the ideal rests on: serial's, or for a Python model Python's own loop (py_serial).
    const auto& serial_model = cpu_sum::serial_model_of(model);
    const auto serial_sum = &serial_model == &model ? sum : serial_model.make(1);
    concbench::PairedBaseline serial("serial_s", [&] { return cpu_sum::seconds_per_sum(serial_sum, n); });
    concbench::Stopwatch timed_loop;
    for (auto _ : state) {
      const std::uint64_t total = sum(n);
      benchmark::DoNotOptimize(total);
      if (total != expected)
        throw std::runtime_error("sum is " + std::to_string(total) + ", serial says " + std::to_string(expected));
    }
    timed_loop.stop();
    const double serial_seconds = serial.finish(state);  // the baseline ideal_s rests on, for the report
    const int cores = model.uses_cores ? std::min(workers, concbench::usable_cores()) : 1;
    concbench::set_counters(state, workers, serial_seconds / cores, timed_loop);
  });
}

void add_benchmarks(concbench::Suite suite) {
  using concbench::Suite;
  const std::vector<std::int64_t> sizes = suite == Suite::smoke   ? std::vector<std::int64_t>{1'000, 100'003}
                                          : suite == Suite::quick ? std::vector<std::int64_t>{1'000'000, 100'000'000}
                                                                  : std::vector<std::int64_t>{1'000'000, 10'000'000, 100'000'000, 1'000'000'000};
  for (const auto& model : cpu_sum::models().all())
    for (const auto n : sizes)
      for (const int workers : concbench::worker_counts(suite)) {
        if (!model.takes_workers && workers != 1) continue;
        if (model.interpreted && n > 10'000'000) continue;
        if (suite == Suite::quick && (!model.quick || (model.quick_workers && workers != model.quick_workers))) continue;
        concbench::add_benchmark("cpu_sum", model.name, {{"n", n}, {"workers", workers}},
                                 [&model, n, workers](benchmark::State& state) {
                                   run(state, model, static_cast<std::uint64_t>(n), workers);
                                 });
      }
}

const bool registered = concbench::register_workload({.name = "cpu_sum",
                                                                     .what = "sum f(i) for i in 1..n in `workers` chunks",
                                                                     .kind = concbench::Kind::compute,
                                                                     .unit = "term",
                                                                     .ideal = "serial time / min(workers, cores); serial time for a model that uses one thread",
                                                                     .speedup = "speedup over serial",
                                                                     .order = 10},
                                                                    add_benchmarks, [] { return concbench::listing(cpu_sum::models()); });

}  // namespace
