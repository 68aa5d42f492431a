#include "benchmarks/registry.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "workloads/common/hardware.hpp"

namespace concbench {
namespace {

struct Workload {
  WorkloadFacts facts;
  AddBenchmarks add;
  ListModels list;
};

//! Keyed by (order, name): the docs' order, then the name for workloads that share a place.
std::map<std::pair<int, std::string>, Workload>& workloads() {
  static std::map<std::pair<int, std::string>, Workload> table;
  return table;
}

std::vector<std::string>& names() {
  static std::vector<std::string> list;
  return list;
}

std::map<std::string, double>& kept_setup_counters() {
  static std::map<std::string, double> counters;
  return counters;
}

std::map<std::string, std::int64_t>& fixed_iterations() {
  static std::map<std::string, std::int64_t> table;
  return table;
}

}  // namespace

bool register_workload(const WorkloadFacts& facts, AddBenchmarks add, ListModels list) {
  workloads()[{facts.order, facts.name}] = {facts, add, list};
  return true;
}

std::vector<WorkloadFacts> all_workloads() {
  std::vector<WorkloadFacts> facts;
  for (const auto& [key, workload] : workloads()) facts.push_back(workload.facts);
  return facts;
}

std::vector<ModelListing> all_models() {
  std::vector<ModelListing> rows;
  for (const auto& [key, workload] : workloads())
    for (auto& row : workload.list()) rows.push_back(std::move(row));
  return rows;
}

void set_fixed_iterations(std::map<std::string, std::int64_t> iterations) { fixed_iterations() = std::move(iterations); }

void add_all_workloads(Suite suite) {
  for (const auto& [key, workload] : workloads()) workload.add(suite);
}

benchmark::internal::Benchmark* add_benchmark(const std::string& workload, const std::string& model,
                                              const std::vector<std::pair<std::string, std::int64_t>>& args,
                                              std::function<void(benchmark::State&)> body) {
  std::string name = workload + "/" + model;
  for (const auto& [arg, value] : args) name += "/" + arg + ":" + std::to_string(value);
  names().push_back(name + "/real_time");
  auto* benchmark = benchmark::RegisterBenchmark(name.c_str(), std::move(body))->UseRealTime()->Unit(benchmark::kMillisecond);
  if (const auto fixed = fixed_iterations().find(names().back()); fixed != fixed_iterations().end())
    benchmark->Iterations(fixed->second);
  return benchmark;
}

const std::vector<std::string>& registered_names() { return names(); }

bool first_runner_of(const std::string& model) {
  static std::set<std::string> warmed;
  return warmed.insert(model).second;
}

std::vector<int> worker_counts(Suite suite) {
  if (suite == Suite::smoke) return {1, 3};
  std::vector<int> counts{1, 2, 4, usable_cpus()};
  std::sort(counts.begin(), counts.end());
  counts.erase(std::unique(counts.begin(), counts.end()), counts.end());
  return counts;
}

void keep_setup_counters(std::map<std::string, double> counters) { kept_setup_counters() = std::move(counters); }

void set_counters(benchmark::State& state, int workers, double ideal_seconds, Stopwatch& timed_loop) {
  timed_loop.stop();
  const double seconds = timed_loop.seconds();
  const auto interference = timed_loop.interference();
  for (const auto& [counter, value] : std::exchange(kept_setup_counters(), {})) state.counters[counter] = value;
  state.counters["workers"] = workers;
  state.counters["other_cpus"] = interference.other_cpus;
  state.counters["steal_cpus"] = interference.steal_cpus;
  if (ideal_seconds <= 0 || state.iterations() == 0) return;
  state.counters["ideal_s"] = ideal_seconds;
  state.counters["efficiency"] = ideal_seconds / (seconds / static_cast<double>(state.iterations()));
}

PairedBaseline::PairedBaseline(std::string counter, std::function<double()> measure)
    : counter_(std::move(counter)), measure_(std::move(measure)), before_(measure_()) {}

double PairedBaseline::finish(benchmark::State& state) {
  const double after = measure_();
  const double faster = std::min(before_, after);
  state.counters[counter_] = faster;
  state.counters["baseline_drift"] = before_ > 0 ? after / before_ - 1 : 0;
  return faster;
}

}  // namespace concbench
