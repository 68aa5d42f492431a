#include "benchmarks/registry.hpp"

#include <algorithm>
#include <map>

#include "workloads/common/hardware.hpp"

namespace concbench {
namespace {

std::map<std::string, AddBenchmarks>& workloads() {
  static std::map<std::string, AddBenchmarks> table;
  return table;
}

std::vector<std::string>& names() {
  static std::vector<std::string> list;
  return list;
}

}  // namespace

bool register_workload(const char* workload, AddBenchmarks add) {
  workloads()[workload] = add;
  return true;
}

void add_all_workloads(Suite suite) {
  for (const auto& [workload, add] : workloads()) add(suite);
}

benchmark::internal::Benchmark* add_benchmark(const std::string& workload, const std::string& model,
                                              const std::vector<std::pair<std::string, std::int64_t>>& args,
                                              std::function<void(benchmark::State&)> body) {
  std::string name = workload + "/" + model;
  for (const auto& [arg, value] : args) name += "/" + arg + ":" + std::to_string(value);
  names().push_back(name + "/real_time");
  return benchmark::RegisterBenchmark(name.c_str(), std::move(body))
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
}

const std::vector<std::string>& registered_names() { return names(); }

std::vector<int> worker_counts(Suite suite) {
  if (suite == Suite::smoke) return {1, 3};
  std::vector<int> counts{1, 2, 4, usable_cpus()};
  std::sort(counts.begin(), counts.end());
  counts.erase(std::unique(counts.begin(), counts.end()), counts.end());
  return counts;
}

void set_counters(benchmark::State& state, int workers, double ideal_seconds, const Stopwatch& timed_loop) {
  state.counters["workers"] = workers;
  if (ideal_seconds <= 0 || state.iterations() == 0) return;
  state.counters["ideal_s"] = ideal_seconds;
  state.counters["efficiency"] = ideal_seconds / (timed_loop.seconds() / static_cast<double>(state.iterations()));
}

}  // namespace concbench
