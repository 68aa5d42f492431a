// latency: N requests that each wait L ms, at most C in flight, under every model; each run
// must complete every request once and cannot beat ceil(N/C) x L.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "benchmarks/registry.hpp"
#include "workloads/common/memory_sampler.hpp"
#include "workloads/latency/latency.hpp"

namespace {

int one(int) { return 1; }
int as_asked(int concurrency) { return concurrency; }

struct Variant {
  const char* model;
  latency::Runner (*make)(int concurrency);
  int (*in_flight)(int concurrency);  // C': how many requests the model really keeps waiting at once
  int max_concurrency;                // larger sweeps cost too much memory or set-up (processes, stacks)
  int max_requests;
};

constexpr Variant variants[] = {
    {"serial", latency::make_serial, one, 1, 10'000},
    {"threads", latency::make_threads, as_asked, 10'000, 10'000},
    {"pool", latency::make_pool, as_asked, 10'000, 10'000},
    {"process", latency::make_process, as_asked, 100, 10'000},
    {"tbb", latency::make_tbb, latency::tbb_in_flight, 10'000, 10'000},
    {"tbb_suspend", latency::make_tbb_suspend, as_asked, 1'000, 10'000},
    {"openmp", latency::make_openmp, as_asked, 1'000, 10'000},
    {"async", latency::make_async, as_asked, 100'000, 100'000},
    {"callback", latency::make_callback, as_asked, 100'000, 100'000},
    {"future", latency::make_future, as_asked, 100'000, 100'000},
};

void run(benchmark::State& state, const Variant& variant, int requests, int delay_ms, int concurrency) {
  concbench::reporting_errors(state, [&] {
    const std::chrono::milliseconds delay(delay_ms);
    const int in_flight = std::min(variant.in_flight(concurrency), requests);
    const auto expected_id_sum = static_cast<std::uint64_t>(requests) * static_cast<std::uint64_t>(requests - 1) / 2;
    const double no_model_can_beat = latency::ideal_seconds(requests, delay, std::min(concurrency, requests));
    const auto run_requests = concbench::warmed_up(std::string("latency/") + variant.model, [&] { return variant.make(concurrency); },  // pools, processes, loops
                                                    [&](const auto& run) { run(requests, delay); });
    const concbench::MemorySampler memory;
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
    // Worker processes' memory is theirs, not ours: no per-request figure for them.
    if (variant.make != latency::make_process)
      state.counters["bytes_per_inflight"] = static_cast<double>(memory.peak_growth()) / in_flight;
  });
}

struct Size {
  int requests, delay_ms, concurrency;
};

//! smoke: tiny; quick: 100 x 10 ms at C 10 and 100, plus 10,000 in flight for the event loops
//! and 1,000 threads; full: N up to 10,000 (100,000 for the event loops), C from 1 to N, where
//! the model's ideal stays under 2 s.
std::vector<Size> sizes(concbench::Suite suite, const Variant& variant) {
  using concbench::Suite;
  std::vector<Size> chosen;
  const std::string model = variant.model;
  const bool event_loop = model == "async" || model == "callback" || model == "future";
  if (suite == Suite::smoke) {
    for (const int c : {1, 3}) chosen.push_back({6, 2, c});
  } else if (suite == Suite::quick) {
    if (model == "serial") return {{20, 10, 1}};
    chosen = {{100, 10, 10}, {100, 10, 100}};
    if (event_loop) chosen.push_back({10'000, 10, 10'000});
    if (model == "threads") chosen.push_back({1'000, 10, 1'000});
  } else {
    for (const int n : {100, 1'000, 10'000, 100'000})
      for (const int c : {1, 10, 100, 1'000, 10'000, 100'000})
        if (c <= n && latency::ideal_seconds(n, std::chrono::milliseconds(10), variant.in_flight(c)) <= 2.0)
          chosen.push_back({n, 10, c});
  }
  std::erase_if(chosen, [&](const Size& size) {
    return size.concurrency > variant.max_concurrency || size.requests > variant.max_requests;
  });
  return chosen;
}

void add_benchmarks(concbench::Suite suite) {
  for (const auto& variant : variants)
    for (const auto size : sizes(suite, variant))
      concbench::add_benchmark("latency", variant.model,
                               {{"requests", size.requests}, {"delay_ms", size.delay_ms}, {"concurrency", size.concurrency}},
                               [&variant, size](benchmark::State& state) {
                                 run(state, variant, size.requests, size.delay_ms, size.concurrency);
                               });
}

const bool registered = concbench::register_workload("latency", add_benchmarks);

}  // namespace
