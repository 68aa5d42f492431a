#pragma once
// How workloads put their benchmarks into the one concbench executable.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace concbench {

//! Which sizes to register: smoke (tiny, for tests), quick (scripts/bench, about a minute)
//! or full (the long sweep, `scripts/bench --full`).
enum class Suite { smoke, quick, full };

//! A workload's registration function, called once the suite is known.
using AddBenchmarks = void (*)(Suite suite);

//! Called at static initialisation by each benchmarks/<workload>.cpp; main calls every
//! registered function, in workload name order, after reading its flags.
bool register_workload(const char* workload, AddBenchmarks add);
void add_all_workloads(Suite suite);

//! Registers <workload>/<model>/<arg>:<value>/... (Google Benchmark appends /real_time), timed
//! in real time and reported in milliseconds; `body` gets the state and runs the timed loop.
benchmark::internal::Benchmark* add_benchmark(const std::string& workload, const std::string& model,
                                              const std::vector<std::pair<std::string, std::int64_t>>& args,
                                              std::function<void(benchmark::State&)> body);

//! Names of everything registered, as Google Benchmark will report them.
const std::vector<std::string>& registered_names();

//! Worker counts to sweep: 1, 2, 4 and the CPUs this process may use (smoke: 1 and 3, so that
//! sizes are not divisible by the worker count).
std::vector<int> worker_counts(Suite suite);

//! Wall time since construction; every variant of every workload is timed the same way.
class Stopwatch {
 public:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

//! Sets the counters every entry carries: `workers`, and where an ideal exists `ideal_s`
//! (the best time per iteration this model could reach here) and `efficiency` = ideal_s /
//! measured seconds per iteration (1.0 is the limit).
void set_counters(benchmark::State& state, int workers, double ideal_seconds, const Stopwatch& timed_loop);

//! Runs `body` and turns any exception — a wrong result, a dead worker — into SkipWithError,
//! which concbench counts as a failure.
template <class Body>
void reporting_errors(benchmark::State& state, Body&& body) {
  try {
    body();
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
  }
}

}  // namespace concbench
