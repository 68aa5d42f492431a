// grain: one fixed total of cpu_sum work cut into tasks of `grain` terms, swept on a log scale;
// efficiency = (serial time / cores) / measured time shows where each model's per-task cost
// stops mattering. Every run's sum is checked against the serial answer. Counters: tasks, and
// grain_s, the serial seconds of work in one task.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "benchmarks/registry.hpp"
#include "workloads/common/hardware.hpp"
#include "workloads/grain/grain.hpp"

namespace {

void run(benchmark::State& state, const grain::Model& model, std::uint64_t total, std::uint64_t grain, int workers) {
  concbench::reporting_errors(state, [&] {
    const auto expected = cpu_sum::answer(total);  // the same kernel as grain::sum_task
    const auto sum_in_tasks = concbench::warmed_up(std::string("grain/") + model.name, [&] { return model.make(workers); },
                                                    [&](const auto& run) { benchmark::DoNotOptimize(run(total, grain)); });
    concbench::PairedBaseline serial("serial_s", [total] { return cpu_sum::serial_seconds(total); }, /*per_cpu=*/true);
    concbench::Stopwatch timed_loop;
    for (auto _ : state) {
      const std::uint64_t sum = sum_in_tasks(total, grain);
      benchmark::DoNotOptimize(sum);
      if (sum != expected)
        throw std::runtime_error("sum is " + std::to_string(sum) + ", serial says " + std::to_string(expected));
    }
    timed_loop.stop();
    const double serial_seconds = serial.finish(state);  // the fastest CPU's
    const int cores = model.uses_cores ? std::min(workers, concbench::usable_cores()) : 1;
    concbench::set_counters(state, workers, serial_seconds / serial.capacity(cores), timed_loop);
    const double tasks = std::ceil(static_cast<double>(total) / static_cast<double>(grain));
    state.counters["tasks"] = tasks;
    state.counters["grain_s"] = serial_seconds * static_cast<double>(grain) / static_cast<double>(total);
  });
}

void add_benchmarks(concbench::Suite suite) {
  using concbench::Suite;
  // Grains in terms; at about 1 ns a term (one multiply) they span 1 us to 10 ms of work. The
  // total is a whole number of the largest tasks, one or more per worker on two cores.
  const std::vector<std::int64_t> grains =
      suite == Suite::smoke   ? std::vector<std::int64_t>{3'000, 100'000}
      : suite == Suite::quick ? std::vector<std::int64_t>{1'000, 10'000, 100'000, 1'000'000, 10'000'000}
                              : std::vector<std::int64_t>{1'000, 3'000, 10'000, 30'000, 100'000, 300'000, 1'000'000,
                                                          3'000'000, 10'000'000, 30'000'000};
  const std::int64_t total = suite == Suite::smoke ? 300'000 : suite == Suite::quick ? 20'000'000 : 120'000'000;
  // All the CPUs, named workers:all on every machine; the summary case is the middle grain, about
  // 60 us of work a task, where the models part ways.
  const auto workers = suite == Suite::smoke ? concbench::WorkerCount{3} : concbench::all_cpus();
  for (const auto& model : grain::models().all())
    for (const auto grain : grains)
      concbench::add_benchmark(
          "grain", model.name, {{"grain", grain}, {"total", total}, {"workers", workers.arg()}},
          [&model, total, grain, count = workers.count](benchmark::State& state) {
            run(state, model, static_cast<std::uint64_t>(total), static_cast<std::uint64_t>(grain), count);
          },
          suite != Suite::smoke && grain == 100'000);
}

const bool registered = concbench::register_workload({.name = "grain",
                                                                     .what = "one fixed sum cut into tasks of 1 us to 10 ms of work: efficiency vs task size",
                                                                     .kind = concbench::Kind::overhead,
                                                                     .unit = "task",
                                                                     .ideal = "serial time on the fastest CPU / the summed speed of the min(workers, cores) fastest CPUs",
                                                                     .measure = "efficiency",
                                                                     .lower_is_better = false,
                                                                     .against = "grain_s",
                                                                     .order = 80},
                                                                    add_benchmarks, [] { return concbench::listing(grain::models()); });

}  // namespace
