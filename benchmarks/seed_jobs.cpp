// seed_jobs: the course's ThreadPoolExecutor.map example, checked job by job against serial.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "benchmarks/registry.hpp"
#include "workloads/seed_jobs/seed_jobs.hpp"

namespace {

//! Every job's sum equals serial's, and a completion order, when recorded, names each job once.
void check(const seed_jobs::Result& result, const std::vector<std::uint64_t>& expected) {
  if (result.sums.size() != expected.size())
    throw std::runtime_error(std::to_string(result.sums.size()) + " results for " + std::to_string(expected.size()) + " jobs");
  for (std::size_t i = 0; i < expected.size(); ++i)
    if (result.sums[i] != expected[i])
      throw std::runtime_error("job " + std::to_string(i) + " sums to " + std::to_string(result.sums[i]) +
                               ", serial says " + std::to_string(expected[i]));
  if (result.completion_order.empty()) return;
  auto order = result.completion_order;
  std::sort(order.begin(), order.end());
  for (std::size_t i = 0; i < order.size(); ++i)
    if (order.size() != expected.size() || order[i] != i)
      throw std::runtime_error("completion order does not name every job exactly once");
}

void run(benchmark::State& state, const seed_jobs::Model& model, std::uint64_t scale, int workers) {
  concbench::reporting_errors(state, [&] {
    const auto jobs = seed_jobs::jobs(scale);
    std::vector<std::uint64_t> expected;
    for (const auto n : jobs) expected.push_back(cpu_sum::answer(n));
    const auto run_jobs = concbench::warmed_up(std::string("seed_jobs/") + model.name, [&] { return model.make(workers); }, [&](const auto& run) { run(jobs); });
    concbench::PairedBaseline serial("serial_s", [&jobs] { return seed_jobs::serial_seconds(jobs); });
    seed_jobs::Result result;
    concbench::Stopwatch timed_loop;
    for (auto _ : state) {
      result = run_jobs(jobs);
      benchmark::DoNotOptimize(result.sums.data());
      check(result, expected);
    }
    timed_loop.stop();
    const double serial_seconds = serial.finish(state);  // the baseline ideal_s rests on, for the report
    concbench::set_counters(state, workers, seed_jobs::ideal_seconds(seed_jobs::job_seconds(jobs, serial_seconds), workers), timed_loop);
    // Where the first result came from: the smallest job (0) when jobs finish in completion order.
    if (!result.completion_order.empty()) state.counters["first_done"] = static_cast<double>(result.completion_order.front());
  });
}

void add_benchmarks(concbench::Suite suite) {
  using concbench::Suite;
  const std::vector<std::int64_t> scales = suite == Suite::smoke ? std::vector<std::int64_t>{1}
                                           : suite == Suite::quick ? std::vector<std::int64_t>{1, 5}
                                                                   : std::vector<std::int64_t>{1, 100};
  for (const auto& model : seed_jobs::models().all())
    for (const auto scale : scales)
      for (const int workers : concbench::worker_counts(suite)) {
        if (!model.takes_workers && workers != 1) continue;
        concbench::add_benchmark("seed_jobs", model.name, {{"scale", scale}, {"workers", workers}},
                                 [&model, scale, workers](benchmark::State& state) {
                                   run(state, model, static_cast<std::uint64_t>(scale), workers);
                                 });
      }
}

const bool registered = concbench::register_workload("seed_jobs", add_benchmarks, [] { return concbench::listing(seed_jobs::models()); });

}  // namespace
