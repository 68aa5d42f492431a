// latency: N requests that each wait L ms, at most C in flight, under every model; each run
// must complete every request once and cannot beat ceil(N/C) x L.
#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>

#include "benchmarks/registry.hpp"
#include "workloads/common/memory_sampler.hpp"
#include "workloads/latency/latency.hpp"

namespace {

void run(benchmark::State& state, const latency::Model& model, int requests, int delay_ms, int concurrency) {
  concbench::reporting_errors(state, [&] {
    const std::chrono::milliseconds delay(delay_ms);
    const int in_flight = std::min(model.really_in_flight(concurrency), requests);
    const auto expected_id_sum = static_cast<std::uint64_t>(requests) * static_cast<std::uint64_t>(requests - 1) / 2;
    const double no_model_can_beat = latency::ideal_seconds(requests, delay, std::min(concurrency, requests));
    // The sampler starts just before the measured runner is built, so that what its set-up holds
    // for the requests in flight (a pool's threads, fibers' stacks) counts, and the warm-up's
    // throwaway runner does not.
    std::optional<concbench::MemorySampler> memory;
    const auto run_requests = concbench::warmed_up(
        std::string("latency/") + model.name,
        [&] {
          memory.emplace();
          return model.make(concurrency);  // pools, processes, loops
        },
        [&](const auto& run) { run(requests, delay); });
    concbench::Stopwatch timed_loop;
    for (auto _ : state) {
      const auto started = std::chrono::steady_clock::now();
      const auto result = run_requests(requests, delay);
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (result.completed != static_cast<std::uint64_t>(requests) || result.id_sum != expected_id_sum)
        throw std::runtime_error(std::to_string(result.completed) + " of " + std::to_string(requests) +
                                 " requests completed (id sum " + std::to_string(result.id_sum) + ", expected " +
                                 std::to_string(expected_id_sum) + ")");
      if (seconds < no_model_can_beat * 0.999)
        throw std::runtime_error("finished in " + std::to_string(seconds) + " s, before its waits could end (" +
                                 std::to_string(no_model_can_beat) + " s)");
    }
    concbench::set_counters(state, concurrency, latency::ideal_seconds(requests, delay, in_flight), timed_loop);
    state.counters["in_flight"] = in_flight;
    if (model.reports_memory)
      state.counters["bytes_per_inflight"] = static_cast<double>(memory->peak_growth()) / in_flight;
  });
}

struct Size {
  int requests, delay_ms, concurrency;
};

//! smoke: tiny; quick: 100 x 10 ms at C 10 and 100, plus 10,000 in flight for the event loops
//! and 1,000 threads; full: N up to 10,000 (100,000 for the event loops), C from 1 to N, where
//! the model's ideal stays under 2 s.
std::vector<Size> sizes(concbench::Suite suite, const latency::Model& model) {
  using concbench::Suite;
  std::vector<Size> chosen;
  if (suite == Suite::smoke) {
    for (const int c : {1, 3}) chosen.push_back({6, 2, c});
  } else if (suite == Suite::quick) {
    if (!model.quick) return {};
    if (model.max_concurrency == 1) return {{20, 10, 1}};  // one at a time: 100 waits would take a second
    chosen = {{100, 10, 10}, {100, 10, 100}};
    if (const int many = model.quick_many_in_flight) chosen.push_back({many, 10, many});
  } else {
    for (const int n : {100, 1'000, 10'000, 100'000})
      for (const int c : {1, 10, 100, 1'000, 10'000, 100'000})
        if (c <= n && latency::ideal_seconds(n, std::chrono::milliseconds(10), model.really_in_flight(c)) <= 2.0)
          chosen.push_back({n, 10, c});
  }
  std::erase_if(chosen, [&](const Size& size) {
    return size.concurrency > model.max_concurrency || size.requests > model.max_requests;
  });
  return chosen;
}

void add_benchmarks(concbench::Suite suite) {
  for (const auto& model : latency::models().all())
    for (const auto size : sizes(suite, model))
      concbench::add_benchmark("latency", model.name,
                               {{"requests", size.requests}, {"delay_ms", size.delay_ms}, {"concurrency", size.concurrency}},
                               [&model, size](benchmark::State& state) {
                                 run(state, model, size.requests, size.delay_ms, size.concurrency);
                               });
}

const bool registered = concbench::register_workload("latency", add_benchmarks, [] { return concbench::listing(latency::models()); });

}  // namespace
