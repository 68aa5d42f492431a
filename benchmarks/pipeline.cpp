// pipeline: the washer and the dryers under every model, in every mode; each run must deliver
// every item exactly once (count and checksum), and the latency of each item is recorded.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>

#include "benchmarks/registry.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"
#include "workloads/pipeline/pipeline.hpp"

namespace {

//! Linux keeps this process's peak resident memory (VmHWM); writing 5 to clear_refs resets it,
//! so the peak read after the timed loop is that loop's own.
void reset_peak_memory() { std::ofstream("/proc/self/clear_refs") << "5"; }
double peak_memory_mb() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024;
  return 0;
}

void run(benchmark::State& state, const pipeline::Model& model, const pipeline::Spec& spec) {
  concbench::reporting_errors(state, [&] {
    const auto expected = pipeline::expected(spec);
    const int items = static_cast<int>(spec.items);
    concbench::RequestLog log(items);
    const auto run_pipeline = concbench::warmed_up(std::string("pipeline/") + model.name, [&] { return model.make(spec); },  // arenas, loops, stage processes
                                                    [&](const auto& run) {
                                                      log.restart(items);
                                                      run(log);
                                                    });
    // CPU stages: the seconds one item's washing and drying take on one core, measured beside
    // the run with the model's own kernel (C++'s, or Python's for a Python model), give the
    // ideal; sleeping stages need no baseline.
    std::optional<concbench::PairedBaseline> item_work;
    cpu_sum::Runner kernel;
    if (spec.cpu) {
      const auto* kernel_model = model.kernel_model ? cpu_sum::models().find(model.kernel_model) : cpu_sum::models().baseline();
      if (!kernel_model) throw std::logic_error(std::string("pipeline/") + model.name + " needs cpu_sum/" + model.kernel_model + ", which has no row");
      kernel = kernel_model->make(1);
      item_work.emplace("item_work_s", [&] { return cpu_sum::seconds_per_sum(kernel, spec.wash + spec.dry); });
    }
    reset_peak_memory();
    std::int64_t deepest = 0;
    concbench::LatencyCounters latencies;
    concbench::Stopwatch timed_loop;
    for (auto _ : state) {
      log.restart(items);
      const auto result = run_pipeline(log);
      if (!(result.delivered == expected))
        throw std::runtime_error("delivered " + std::to_string(result.delivered.count) + " items (checksum " +
                                 std::to_string(result.delivered.checksum) + "), expected " + std::to_string(expected.count) +
                                 " (checksum " + std::to_string(expected.checksum) + "): an item was lost or duplicated");
      deepest = std::max(deepest, result.deepest);
      latencies.add(log);  // throws if an item has no latency
    }
    timed_loop.stop();
    const double seconds = timed_loop.seconds() / static_cast<double>(std::max<benchmark::IterationCount>(state.iterations(), 1));
    const double seconds_per_term = item_work ? item_work->finish(state) / static_cast<double>(std::max<std::uint64_t>(spec.wash + spec.dry, 1)) : 0;
    const double ideal = pipeline::ideal_seconds(spec, seconds_per_term);
    concbench::set_counters(state, spec.producers + spec.consumers, ideal, timed_loop);
    state.counters["items_per_s"] = static_cast<double>(spec.items) / seconds;
    state.counters["ideal_items_per_s"] = static_cast<double>(spec.items) / ideal;  // the slowest stage's rate
    state.counters["deepest"] = static_cast<double>(deepest);
    state.counters["peak_rss_mb"] = peak_memory_mb();
    concbench::set_latency_counters(state, latencies);
  });
}

//! Each base configuration in three modes: fire-and-forget unbounded, fire-and-forget with a
//! bounded queue (backpressure), and request-response. The quick suite runs the CPU stages only;
//! its backpressure case is the summary case (and the only one of the Python models). Sleeping stages take microseconds;
//! CPU stages take cpu_sum terms (250,000: about 0.1 ms on the development machine; a hundredth
//! of that for the Python models, whose plain loop is ~300x slower a term).
std::vector<pipeline::Spec> specs(concbench::Suite suite) {
  using concbench::Suite;
  std::vector<pipeline::Spec> bases;  // {P, M, wash, Q, C, dry, cpu, ack}: wash and dry in µs, or terms if cpu
  if (suite == Suite::smoke) bases = {{1, 12, 50, 2, 3, 100, false, false}, {2, 12, 100'000, 2, 3, 100'000, true, false}};
  else if (suite == Suite::quick) bases = {{1, 100, 250'000, 4, 2, 250'000, true, false}};
  else bases = {{1, 1000, 100, 4, 2, 200, false, false}, {2, 1000, 100, 16, 4, 200, false, false}, {1, 1000, 250'000, 4, 2, 250'000, true, false}};
  std::vector<pipeline::Spec> all;
  for (const auto& base : bases) {
    auto unbounded = base, bounded = base, acknowledged = base;
    unbounded.capacity = 0;
    acknowledged.capacity = 0;
    acknowledged.acknowledge = true;
    all.insert(all.end(), {unbounded, bounded, acknowledged});
  }
  return all;
}

void add_benchmarks(concbench::Suite suite) {
  for (const auto& model : pipeline::models().all())
    for (auto spec : specs(suite)) {
      const bool backpressure = spec.cpu && spec.capacity > 0 && !spec.acknowledge;
      if (suite == concbench::Suite::quick && (model.interpreted || model.slow_to_start) && !backpressure) continue;
      if (spec.cpu && model.interpreted) spec.wash /= 100, spec.dry /= 100;  // the name says so: wash_terms:2500
      concbench::add_benchmark("pipeline", model.name,
                               {{"producers", spec.producers}, {"items", static_cast<std::int64_t>(spec.items)},
                                {spec.cpu ? "wash_terms" : "wash_us", static_cast<std::int64_t>(spec.wash)},
                                {"capacity", spec.capacity}, {"consumers", spec.consumers},
                                {spec.cpu ? "dry_terms" : "dry_us", static_cast<std::int64_t>(spec.dry)}, {"ack", spec.acknowledge}},
                               [&model, spec](benchmark::State& state) { run(state, model, spec); },
                               suite != concbench::Suite::smoke && backpressure);
    }
}

const bool registered = concbench::register_workload({.name = "pipeline",
                                                                     .what = "the washer and the dryers: P producers, a queue of capacity Q, C consumers",
                                                                     .kind = concbench::Kind::queue,
                                                                     .unit = "item",
                                                                     .ideal = "the slowest stage's rate plus filling the pipeline (request-response: one item at a time per producer; CPU stages: the usable cores)",
                                                                     .measure = "items_per_s",
                                                                     .lower_is_better = false,
                                                                     .order = 60},
                                                                    add_benchmarks, [] { return concbench::listing(pipeline::models()); });

}  // namespace
