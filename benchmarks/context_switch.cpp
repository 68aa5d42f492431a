// context_switch: what one switch between two units costs — threads, processes and coroutines
// playing ping-pong on one CPU. Every run checks that 2 * rounds hand-overs happened.
#include <stdexcept>
#include <string>

#include "benchmarks/registry.hpp"
#include "workloads/context_switch/context_switch.hpp"

namespace {

struct Variant {
  const char* model;
  context_switch::Runner (*make)();
  std::int64_t rounds;  // per timed call in the quick and full suites: a few milliseconds
};

constexpr Variant variants[] = {
    {"threads", context_switch::make_threads, 2'000},
    {"threads_socket", context_switch::make_threads_socket, 2'000},
    {"process", context_switch::make_process, 2'000},
    {"coroutine", context_switch::make_coroutine, 1'000'000},
    {"async", context_switch::make_async, 100'000},
};

void run(benchmark::State& state, const Variant& variant, std::uint64_t rounds) {
  concbench::reporting_errors(state, [&] {
    const auto ping_pong = concbench::warmed_up(std::string("context_switch/") + variant.model, [&] { return variant.make(); },  // starts the partner thread or process
                                                 [&](const auto& run) { run(rounds); });
    concbench::Stopwatch timed_loop;
    for (auto _ : state) {
      const std::uint64_t handovers = ping_pong(rounds);
      if (handovers != 2 * rounds)
        throw std::runtime_error(std::to_string(handovers) + " hand-overs in " + std::to_string(rounds) + " rounds, expected twice as many");
    }
    concbench::set_counters(state, 1, 0, timed_loop);
    state.counters["rounds"] = static_cast<double>(rounds);
    state.counters["switch_s"] = timed_loop.seconds() / static_cast<double>(state.iterations()) / static_cast<double>(2 * rounds);
  });
}

void add_benchmarks(concbench::Suite suite) {
  for (const auto& variant : variants) {
    const std::int64_t rounds = suite == concbench::Suite::smoke ? variant.rounds / 100 : variant.rounds;
    concbench::add_benchmark("context_switch", variant.model, {{"rounds", rounds}},
                             [&variant, rounds](benchmark::State& state) { run(state, variant, static_cast<std::uint64_t>(rounds)); });
  }
}

const bool registered = concbench::register_workload("context_switch", add_benchmarks);

}  // namespace
