// seed_jobs: the course's ThreadPoolExecutor.map example, checked job by job against serial.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "benchmarks/registry.hpp"
#include "workloads/common/hardware.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"
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

//! The job list: the course's, times `scale`, divided by `divisor` (1 but for the Python models,
//! ~300x slower a term, and serial beside them).
struct Size {
  std::int64_t scale, divisor;
};

void run(benchmark::State& state, const seed_jobs::Model& model, Size size, int workers) {
  concbench::reporting_errors(state, [&] {
    const auto jobs = seed_jobs::jobs(static_cast<std::uint64_t>(size.scale), static_cast<std::uint64_t>(size.divisor));
    std::vector<std::uint64_t> expected;
    for (const auto n : jobs) expected.push_back(cpu_sum::answer(n));
    const auto run_jobs = concbench::warmed_up(std::string("seed_jobs/") + model.name, [&] { return model.make(workers); }, [&](const auto& run) { run(jobs); });
    // The serial time the ideal rests on: serial's, or for a Python model Python's own loop
    // (py_serial), which runs in its interpreter and so is not pinned CPU by CPU.
    const auto& serial_model = seed_jobs::serial_model_of(model);
    const auto serial_run = &serial_model == &model ? run_jobs : serial_model.make(1);
    const auto terms = model.interpreted ? cpu_sum::interpreted_baseline_terms : cpu_sum::baseline_terms;
    concbench::PairedBaseline serial("serial_s", [&] { return seed_jobs::seconds_per_run(serial_run, jobs, terms); },
                                     /*per_cpu=*/!model.interpreted);
    seed_jobs::Result result;
    concbench::Stopwatch timed_loop;
    for (auto _ : state) {
      result = run_jobs(jobs);
      benchmark::DoNotOptimize(result.sums.data());
      check(result, expected);
    }
    timed_loop.stop();
    const double serial_seconds = serial.finish(state);  // the fastest CPU's serial time, for the report
    const int cores = model.uses_cores ? std::min(workers, concbench::usable_cores()) : 1;
    concbench::set_counters(state, workers,
                            seed_jobs::ideal_seconds(seed_jobs::job_seconds(jobs, serial_seconds), serial.capacity(cores)), timed_loop);
    // Where the first result came from: the smallest job (0) when jobs finish in completion order.
    if (!result.completion_order.empty()) state.counters["first_done"] = static_cast<double>(result.completion_order.front());
  });
}

//! The quick suite: the C++ rows at scale 5 (the course's list times five, about 60 ms of serial
//! work) at every worker count — its all-CPU case is the summary case — and the Python rows once,
//! ~300x slower a term: the list divided by 10, 124 ms of plain Python here, whose 60 ms jobs are
//! long enough for this VM to run a pool's two processes on two vCPUs (its 6 ms jobs at
//! divisor:100 gave py_process 1.54x in one run and 1.20x in the next). Serial also runs the list
//! divided by 10, so that C++ and Python compare on the same jobs. The full suite adds scale 1
//! and 100, and for Python the course's own list and divisor:100. Smoke: scale 1, Python ÷ 1000.
std::vector<Size> sizes(concbench::Suite suite, const seed_jobs::Model& model) {
  using concbench::Suite;
  if (suite == Suite::smoke) return {{1, model.interpreted ? 1'000 : 1}};
  if (suite == Suite::quick) {
    if (model.interpreted) return {{1, 10}};
    return model.baseline ? std::vector<Size>{{5, 1}, {1, 10}} : std::vector<Size>{{5, 1}};
  }
  if (model.interpreted) return {{1, 100}, {1, 10}, {1, 1}};
  return {{1, 1}, {5, 1}, {100, 1}, {1, 10}};
}

void add_benchmarks(concbench::Suite suite) {
  using concbench::Suite;
  for (const auto& model : seed_jobs::models().all())
    for (const auto size : sizes(suite, model))
      for (const auto workers : concbench::worker_counts(suite)) {
        if (!model.takes_workers && workers.count != 1) continue;
        if (suite == Suite::quick && (model.interpreted || model.slow_to_start) && model.takes_workers && !workers.all) continue;
        std::vector<std::pair<std::string, std::int64_t>> args{{"scale", size.scale}};
        if (size.divisor != 1) args.emplace_back("divisor", size.divisor);  // the names of undivided lists stay as they were
        args.emplace_back("workers", workers.arg());
        const bool summary = suite != Suite::smoke && size.scale == 5 && size.divisor == 1 && (workers.all || !model.takes_workers);
        concbench::add_benchmark(
            "seed_jobs", model.name, args,
            [&model, size, count = workers.count](benchmark::State& state) { run(state, model, size, count); }, summary);
      }
}

const bool registered = concbench::register_workload({.name = "seed_jobs",
                                                                     .what = "the course's ThreadPoolExecutor.map(sum_generator, [1e5, 1e6, 1e7, 1e7]), jobs x scale (/ divisor)",
                                                                     .kind = concbench::Kind::compute,
                                                                     .unit = "job",
                                                                     .ideal = "max(largest job, all jobs / the summed speed of the min(workers, cores) fastest CPUs), of serial time on the fastest CPU: the two big jobs bound it",
                                                                     .speedup = "speedup over serial",
                                                                     .order = 20},
                                                                    add_benchmarks, [] { return concbench::listing(seed_jobs::models()); });

}  // namespace
