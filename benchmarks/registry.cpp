#include "benchmarks/registry.hpp"

#include <sched.h>

#include <algorithm>
#include <functional>
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

std::vector<std::string>& summary_names() {
  static std::vector<std::string> list;
  return list;
}

const std::vector<std::string>& summary_cases() { return summary_names(); }

benchmark::internal::Benchmark* add_benchmark(const std::string& workload, const std::string& model,
                                              const std::vector<std::pair<std::string, std::int64_t>>& args,
                                              std::function<void(benchmark::State&)> body, bool summary) {
  std::string name = workload + "/" + model;
  for (const auto& [arg, value] : args) name += "/" + arg + ":" + (value == all_workers && arg == "workers" ? "all" : std::to_string(value));
  names().push_back(name + "/real_time");
  if (summary) summary_names().push_back(names().back());
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

WorkerCount all_cpus() { return {usable_cpus(), true}; }

std::vector<WorkerCount> worker_counts(Suite suite) {
  if (suite == Suite::smoke) return {{1}, {3}};
  std::vector<WorkerCount> counts;
  for (const int count : {1, 2, 4})
    if (count != usable_cpus()) counts.push_back({count});
  counts.push_back(all_cpus());
  std::stable_sort(counts.begin(), counts.end(), [](WorkerCount a, WorkerCount b) { return a.count < b.count; });
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

namespace {

constexpr std::size_t max_pinned_cpus = 16;

//! Runs `measure` pinned to `cpu`, then gives the calling thread back the CPUs it had.
double pinned_to(int cpu, const std::function<double()>& measure) {
  cpu_set_t original, only;
  if (sched_getaffinity(0, sizeof original, &original) != 0) return measure();
  CPU_ZERO(&only);
  CPU_SET(cpu, &only);
  if (sched_setaffinity(0, sizeof only, &only) != 0) return measure();
  struct Restore {
    cpu_set_t* set;
    ~Restore() { sched_setaffinity(0, sizeof *set, set); }
  } restore{&original};
  return measure();
}

std::vector<int> cpus_of_this_thread() {
  cpu_set_t set;
  std::vector<int> cpus;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
  return cpus;
}

}  // namespace

PairedBaseline::PairedBaseline(std::string counter, std::function<double()> measure, bool per_cpu)
    : counter_(std::move(counter)), measure_(std::move(measure)) {
  if (per_cpu) cpus_ = cpus_of_this_thread();
  // One CPU: nothing to pin to, and its speed is 1. Many: two batches on each would outlast the
  // values they bracket, so a large machine's baseline runs wherever the thread is, as before.
  if (cpus_.size() <= 1 || cpus_.size() > max_pinned_cpus) cpus_.clear();
  if (cpus_.empty()) before_.push_back(measure_());
  for (const int cpu : cpus_) before_.push_back(pinned_to(cpu, measure_));
}

double PairedBaseline::finish(benchmark::State& state) {
  const auto counters = measure_after();
  for (const auto& [name, value] : counters) state.counters[name] = value;
  return counters.at(counter_);
}

std::map<std::string, double> PairedBaseline::measure_after() {
  std::vector<double> after, best;
  if (cpus_.empty()) after.push_back(measure_());
  for (const int cpu : cpus_) after.push_back(pinned_to(cpu, measure_));
  double before_sum = 0, after_sum = 0;
  for (std::size_t i = 0; i < after.size(); ++i) {
    best.push_back(std::min(before_[i], after[i]));
    before_sum += before_[i];
    after_sum += after[i];
  }
  const double fastest = *std::min_element(best.begin(), best.end());
  speeds_.clear();
  for (const double seconds : best) speeds_.push_back(seconds > 0 ? fastest / seconds : 1.0);
  std::map<std::string, double> counters{{counter_, fastest},
                                         {"baseline_drift", before_sum > 0 ? after_sum / before_sum - 1 : 0}};
  if (!cpus_.empty()) {
    for (std::size_t i = 0; i < cpus_.size(); ++i) counters["cpu_speed_" + std::to_string(cpus_[i])] = speeds_[i];
    counters["slowest_cpu_speed"] = *std::min_element(speeds_.begin(), speeds_.end());
  }
  return counters;
}

double PairedBaseline::capacity(int cores) const {
  if (speeds_.size() <= 1) return cores;
  auto speeds = speeds_;
  std::sort(speeds.begin(), speeds.end(), std::greater<>());
  double sum = 0;
  for (int i = 0; i < cores && i < static_cast<int>(speeds.size()); ++i) sum += speeds[i];
  return std::max(sum, 1.0);
}

}  // namespace concbench
