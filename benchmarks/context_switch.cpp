// context_switch: what one switch between two units costs — threads, processes and coroutines
// playing ping-pong on one CPU. Every run checks that 2 * rounds hand-overs happened.
#include <stdexcept>
#include <string>

#include "benchmarks/registry.hpp"
#include "workloads/context_switch/context_switch.hpp"

namespace {

void run(benchmark::State& state, const context_switch::Model& model, std::uint64_t rounds) {
  concbench::reporting_errors(state, [&] {
    const auto ping_pong = concbench::warmed_up(std::string("context_switch/") + model.name, [&] { return model.make(); },  // starts the partner thread or process
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
  for (const auto& model : context_switch::models().all()) {
    const std::int64_t rounds = suite == concbench::Suite::smoke ? model.rounds / 100 : model.rounds;
    concbench::add_benchmark(
        "context_switch", model.name, {{"rounds", rounds}},
        [&model, rounds](benchmark::State& state) { run(state, model, static_cast<std::uint64_t>(rounds)); },
        suite != concbench::Suite::smoke);  // one case a model: the summary case
  }
}

const bool registered = concbench::register_workload({.name = "context_switch",
                                                                     .what = "two units passing a counter back and forth: one hand-over",
                                                                     .kind = concbench::Kind::overhead,
                                                                     .unit = "hand-over",
                                                                     .measure = "switch_s",
                                                                     .order = 90},
                                                                    add_benchmarks, [] { return concbench::listing(context_switch::models()); });

}  // namespace
