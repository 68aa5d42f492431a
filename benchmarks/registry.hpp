#pragma once
// How workloads put their benchmarks into the one concbench executable.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "workloads/common/cpu_accounting.hpp"
#include "workloads/common/request_log.hpp"
#include "workloads/common/setup_counters.hpp"

namespace concbench {

//! Which sizes to register: smoke (tiny, for tests), quick (scripts/bench, about a minute)
//! or full (the long sweep, `scripts/bench --full`).
enum class Suite { smoke, quick, full };

//! A workload's registration function, called once the suite is known.
using AddBenchmarks = void (*)(Suite suite);

//! What a workload measures, which decides how the scripts analyse and report it (never its name).
enum class Kind {
  compute,   //!< CPU-bound work split over workers: speedup over serial, efficiency against Amdahl
  memory,    //!< memory-bound work: bandwidth, efficiency against the machine's measured bandwidth
  request,   //!< requests that wait (timers, sockets): overlap of waits, Little's law, latency percentiles
  queue,     //!< producers and consumers through a queue: items per second against the slowest stage
  overhead,  //!< what a model costs (start-up, task grain, memory, a switch): a counter per model
};

//! A workload as the catalog states it, so that the scripts read its kind, unit of work, ideal
//! and the counter that answers it from the JSON instead of knowing workloads by name.
struct WorkloadFacts {
  const char* name;
  const char* what;                  //!< one line for the docs
  Kind kind;
  const char* unit;                  //!< one unit of work: "term", "job", "request", "item", "unit", ...
  const char* ideal = nullptr;       //!< what its ideal_s counter means (null: it states none)
  const char* speedup = nullptr;     //!< what serial time / model time is here (null: nothing; it answers otherwise)
  const char* measure = nullptr;     //!< the counter that answers it, where time alone does not (overhead_s, bytes_per_unit)
  bool lower_is_better = true;       //!< whether less of `measure` is better (efficiency is not)
  const char* against = nullptr;     //!< the counter `measure` is drawn against (grain_s), if any
  int order = 0;                     //!< its place in the docs' workload table and in every report
};

//! One model of one workload as `concbench --list-models` shows it, and the README's tables and
//! the catalog are read from: the workload's model table, with the traits the analysis needs.
struct ModelListing {
  std::string workload, model, what;
  bool baseline = false;       //!< the oracle the others are checked against
  bool uses_cores = true;      //!< false: one thread whatever `workers` says (its ideal is serial time)
  bool takes_workers = true;   //!< false: measured at one worker only
  bool in_processes = false;   //!< its work runs in other processes (worker processes, ranks, interpreters)
  bool python = false;         //!< one of the course's Python programs
  std::string reference;       //!< the model its ideal and speedup rest on, if not the baseline (py_serial)
  std::string counterpart;     //!< for a Python model: the C++ model it stands beside in charts
};
using ListModels = std::vector<ModelListing> (*)();

//! A workload's table as listings, in the table's order; a trait its rows lack keeps its default.
template <class Table>
std::vector<ModelListing> listing(const Table& table) {
  std::vector<ModelListing> rows;
  for (const auto& row : table.all()) {
    ModelListing listed;
    listed.workload = table.workload();
    listed.model = row.name;
    listed.what = row.what;
    listed.baseline = row.baseline;
    if constexpr (requires { row.uses_cores; }) listed.uses_cores = row.uses_cores;
    if constexpr (requires { row.takes_workers; }) listed.takes_workers = row.takes_workers;
    if constexpr (requires { row.in_processes; }) listed.in_processes = row.in_processes;
    if constexpr (requires { row.interpreted; }) listed.python = row.interpreted;
    if constexpr (requires { row.serial_model; }) listed.reference = row.serial_model ? row.serial_model : "";
    if constexpr (requires { row.kernel_model; }) listed.reference = row.kernel_model ? row.kernel_model : "";
    if constexpr (requires { row.counterpart; }) listed.counterpart = row.counterpart ? row.counterpart : "";
    if (listed.reference == listed.model) listed.reference.clear();
    rows.push_back(std::move(listed));
  }
  return rows;
}

//! Called at static initialisation by each benchmarks/<workload>.cpp; main calls every
//! registered function, in workload order, after reading its flags.
bool register_workload(const WorkloadFacts& facts, AddBenchmarks add, ListModels list);
void add_all_workloads(Suite suite);

//! Every workload's facts, in workload order.
std::vector<WorkloadFacts> all_workloads();

//! Every workload's models, in workload order.
std::vector<ModelListing> all_models();

//! Iterations per repetition for some benchmarks, by full name: scripts/bench calibrates them in
//! its first process and passes them to every later one (--iterations=FILE), so that every
//! process measures the same amount of work and none spends time estimating it again. Set
//! before the workloads are added.
void set_fixed_iterations(std::map<std::string, std::int64_t> iterations);

//! Registers <workload>/<model>/<arg>:<value>/... (Google Benchmark appends /real_time), timed
//! in real time and reported in milliseconds; `body` gets the state and runs the timed loop.
//! `summary`: one of the workload's summary cases, the case its answer in the report rests on:
//! scripts/bench gives those the most processes, and the run's context lists them.
benchmark::internal::Benchmark* add_benchmark(const std::string& workload, const std::string& model,
                                              const std::vector<std::pair<std::string, std::int64_t>>& args,
                                              std::function<void(benchmark::State&)> body, bool summary = false);

//! The full names of the summary cases registered, for the run's context.
const std::vector<std::string>& summary_cases();

//! True the first time it is asked about `model` in this process.
bool first_runner_of(const std::string& model);

//! Names of everything registered, as Google Benchmark will report them.
const std::vector<std::string>& registered_names();

//! The value of a `workers` argument that names all the CPUs this process may use: `workers:all`,
//! the same name on every machine (its count is the `workers` counter), so that a machine's
//! all-core rows meet another machine's in a comparison.
inline constexpr std::int64_t all_workers = -1;

//! A worker count to run with, and the value its name shows (`all_workers` for all the CPUs).
struct WorkerCount {
  int count;
  bool all = false;
  std::int64_t arg() const { return all ? all_workers : count; }
};

//! Worker counts to sweep: 1, 2, 4 and all the CPUs this process may use, `workers:all`; a fixed
//! count equal to all of them is left out, as `all` measures it (on 2 CPUs: 1, 4 and all). Smoke:
//! 1 and 3, so that sizes are not divisible by the worker count.
std::vector<WorkerCount> worker_counts(Suite suite);

//! All the CPUs this process may use, as a worker count.
WorkerCount all_cpus();

//! Wall time from construction to stop(), and the machine's CPU accounting at both ends, so that
//! what else ran during the timed loop can be told; every variant of every workload is timed
//! the same way.
class Stopwatch {
 public:
  //! Ends the interval (set_counters does it if nobody did): call it right after the timed loop
  //! when other work — a paired baseline — comes before set_counters.
  void stop() {
    if (stopped_) return;
    end_ = std::chrono::steady_clock::now();
    cpu_at_end_ = cpu_times_now();
    stopped_ = true;
  }
  double seconds() const {
    return std::chrono::duration<double>((stopped_ ? end_ : std::chrono::steady_clock::now()) - start_).count();
  }
  //! Other programs' and the hypervisor's share of the CPUs during the interval.
  Interference interference() const { return interference_between(cpu_at_start_, stopped_ ? cpu_at_end_ : cpu_times_now(), seconds()); }

 private:
  CpuTimes cpu_at_start_ = cpu_times_now();  // before the clock starts: reading /proc takes time
  CpuTimes cpu_at_end_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point end_;
  bool stopped_ = false;
};

//! Sets the counters every entry carries: `workers`; where an ideal exists `ideal_s` (the best
//! time per iteration this model could reach here) and `efficiency` = ideal_s / measured
//! seconds per iteration (1.0 is the limit); and what else ran during the timed loop:
//! `other_cpus` (CPUs' worth of time other programs used) and `steal_cpus` (taken by the
//! hypervisor). Also what the timed runner's set-up measured about itself (keep_setup_counters).
//! Stops the stopwatch if it still runs.
void set_counters(benchmark::State& state, int workers, double ideal_seconds, Stopwatch& timed_loop);

//! Writes the per-request latency counters (latency_p50_s ... latency_max_s, and the open loop's
//! offered_rate, achieved_rate, latency_p99_first_s, latency_p99_last_s) of every timed call
//! `latencies` collected.
inline void set_latency_counters(benchmark::State& state, const LatencyCounters& latencies) {
  for (const auto& [counter, value] : latencies.counters()) state.counters[counter] = value;
}

//! The serial time a repetition's ratios rest on (its ideal, speedup and efficiency), measured
//! right before and right after its timed loop. This machine's speed drifts by tens of percent
//! over seconds, so a ratio is only as good as the closeness in time of its two measurements:
//! a baseline taken minutes earlier, in another spell, made efficiencies above 100%.
//!
//! With `per_cpu`, the baseline runs pinned to each CPU this process may use in turn (the thread's
//! affinity is restored after each, so no pool or worker created later inherits it), and keeps
//! each CPU's speed: CPUs of one machine can differ — hybrid laptops' performance and efficiency
//! cores, a noisy neighbour on one vCPU — and then the limit of W workers is the summed speed of
//! the W fastest CPUs, not W times the fastest. Measured on this VM: for minutes one vCPU ran a
//! unit of work in 2.18 ms and the other in 1.25 ms, and a baseline that landed on the slow one put
//! tbb at 139% efficiency.
class PairedBaseline {
 public:
  //! `measure` times the serial work and returns its seconds; it runs here, before the timed loop
  //! starts (on each CPU with `per_cpu`). `counter` names the result in the JSON (serial_s, ...).
  PairedBaseline(std::string counter, std::function<double()> measure, bool per_cpu = false);

  //! Measures again (call after the timed loop and Stopwatch::stop), records the counter (the
  //! fastest CPU's faster measurement), `baseline_drift` (after / before - 1: how much the
  //! machine's speed moved during the repetition) and, with `per_cpu`, each CPU's speed relative to
  //! the fastest (`cpu_speed_<cpu>`, 1 for the fastest) and the slowest of them
  //! (`slowest_cpu_speed`); returns the counter's value. Not a mean: a baseline is a few
  //! milliseconds of work, and this VM now and then stalls a process for 5-20 ms, which a stall only
  //! ever lengthens. One stalled measurement in a mean had doubled baselines and put 48 entries of a
  //! quick suite above 100% efficiency (grain/async at 161%).
  double finish(benchmark::State& state);

  //! finish() without a State: measures again and returns the counters it would record.
  std::map<std::string, double> measure_after();

  //! What `cores` workers can do at most, in units of the fastest CPU: the summed speed of the
  //! `cores` fastest CPUs (`cores` itself when they are alike). Call after finish().
  double capacity(int cores) const;

 private:
  std::string counter_;
  std::function<double()> measure_;
  std::vector<int> cpus_;        // the CPUs measured on; empty: wherever the thread runs
  std::vector<double> before_;   // seconds, one per CPU (one in all without per_cpu)
  std::vector<double> speeds_;   // relative to the fastest, one per CPU, after finish()
};

//! Counters that set_counters adds to the next entry it writes, and forgets then (as
//! reporting_errors does before each benchmark): what the timed runner's set-up measured about
//! itself — a Python model's interpreter_start_s, setup_s and ipc_s.
void keep_setup_counters(std::map<std::string, double> counters);

//! The runner `make` builds, for the timed loop; but the first time a process builds a model's
//! runner (`model`: "<workload>/<model>"), it builds one more before, uses it untimed (`use`, at
//! least once and for 10 ms) and throws it away. Measured: in a fresh concbench process the first
//! runner built was slow for its whole life — grain/process 1.9x, cpu_sum/process 1.3x — and a
//! warm-up call on that same runner did not help, whereas a second runner was as fast as every
//! later one. Google Benchmark's own warm-up would repeat it, with the paired baselines, for
//! every benchmark: a third more time for the suite.
template <class Make, class Use>
auto warmed_up(const std::string& model, Make&& make, Use&& use) {
  if (first_runner_of(model)) {
    auto first = make();
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(10);
    do use(first);
    while (std::chrono::steady_clock::now() < until);
  }
  const SetupCollector set_up;  // what the timed runner's set-up says about itself
  auto runner = make();
  keep_setup_counters(set_up.counters());
  return runner;
}

//! Runs `body` and turns any exception — a wrong result, a dead worker — into SkipWithError,
//! which concbench counts as a failure.
template <class Body>
void reporting_errors(benchmark::State& state, Body&& body) {
  keep_setup_counters({});  // nothing from an earlier benchmark's set-up
  try {
    body();
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
  }
}

}  // namespace concbench
