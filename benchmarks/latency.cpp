// latency: N requests that each wait L ms, at most C in flight, under every model; each run
// must complete every request once and cannot beat ceil(N/C) x L. Every request's latency is
// recorded; an open loop (a `rate` argument) puts the requests on a fixed schedule instead.
#include <algorithm>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>

#include "benchmarks/registry.hpp"
#include "workloads/common/memory_sampler.hpp"
#include "workloads/latency/latency.hpp"

namespace {

void run(benchmark::State& state, const latency::Model& model, int requests, int delay_ms, int concurrency, double rate) {
  concbench::reporting_errors(state, [&] {
    const std::chrono::milliseconds delay(delay_ms);
    const int in_flight = std::min(model.really_in_flight(concurrency), requests);
    const auto expected_id_sum = static_cast<std::uint64_t>(requests) * static_cast<std::uint64_t>(requests - 1) / 2;
    const double no_model_can_beat = rate > 0 ? concbench::open_loop_seconds(requests, delay, rate)
                                              : concbench::littles_law_seconds(requests, delay, std::min(concurrency, requests));
    concbench::RequestLog log;
    // Memory is measured in a call of its own, before the timed loop: the sampler starts just
    // before the measured runner is built, so that what its set-up holds for the requests in
    // flight (a pool's threads, fibers' stacks) counts and the warm-up's throwaway runner does
    // not, and it stops before the timed calls. Sampling during them cost the event loops a
    // seventh of their CPU: mallinfo2 walks the allocator's free lists under the arena's lock.
    // An open loop's requests in flight come and go with the schedule: memory is a closed loop's.
    const bool measure_memory = model.reports_memory && rate == 0;
    std::optional<concbench::MemorySampler> memory;
    const auto run_requests = concbench::warmed_up(
        std::string("latency/") + model.name,
        [&] {
          if (measure_memory) memory.emplace();
          return model.make(concurrency);  // pools, processes, loops
        },
        [&](const auto& run) {
          log.restart(std::min(requests, 1'000), 0);  // the warm-up is a short closed loop
          run(delay, log);
        });
    double bytes_per_inflight = 0;
    if (measure_memory) {
      log.restart(requests);  // a closed loop
      run_requests(delay, log);
      bytes_per_inflight = static_cast<double>(memory->peak_growth()) / std::max(in_flight, 1);
      memory.reset();
    }
    concbench::LatencyCounters latencies;
    concbench::Stopwatch timed_loop;
    for (auto _ : state) {
      log.restart(requests, rate);
      const auto started = std::chrono::steady_clock::now();
      const auto result = run_requests(delay, log);
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (result.completed != static_cast<std::uint64_t>(requests) || result.id_sum != expected_id_sum)
        throw std::runtime_error(std::to_string(result.completed) + " of " + std::to_string(requests) +
                                 " requests completed (id sum " + std::to_string(result.id_sum) + ", expected " +
                                 std::to_string(expected_id_sum) + ")");
      if (seconds < no_model_can_beat * 0.999)
        throw std::runtime_error("finished in " + std::to_string(seconds) + " s, before its waits could end (" +
                                 std::to_string(no_model_can_beat) + " s)");
      latencies.add(log);  // throws if a request has no latency
    }
    const double ideal = rate > 0 ? no_model_can_beat : concbench::littles_law_seconds(requests, delay, in_flight);
    concbench::set_counters(state, concurrency, ideal, timed_loop);
    concbench::set_latency_counters(state, latencies);
    state.counters["in_flight"] = in_flight;
    if (measure_memory) state.counters["bytes_per_inflight"] = bytes_per_inflight;
  });
}

struct Size {
  int requests, delay_ms, concurrency;
  int rate = 0;  // requests per second on an open loop's schedule; 0: the closed loop
};

//! The open loop's sweep (models with open_loop, at their many-in-flight concurrency), 10 ms
//! per request: a schedule of a quarter of a second at each rate, a tenth in the quick suite,
//! which keeps three rates for the models with quick_open_loop: below every model's saturation,
//! at the threads model's (1,000 threads x 10 ms hold at most 100,000 requests/s, by Little's
//! law), and far beyond it.
std::vector<Size> open_loop_sizes(concbench::Suite suite, const latency::Model& model) {
  using concbench::Suite;
  if (!model.open_loop) return {};
  if (suite == Suite::smoke) return {{20, 2, 4, 2'000}};
  const int concurrency = model.quick_many_in_flight;
  if (concurrency == 0 || (suite == Suite::quick && !model.quick_open_loop)) return {};
  const auto rates = suite == Suite::quick ? std::vector<int>{10'000, 100'000, 400'000}
                                           : std::vector<int>{1'000, 3'000, 10'000, 30'000, 100'000, 200'000, 400'000, 1'000'000};
  const int per_second_to_requests = suite == Suite::quick ? 10 : 4;
  std::vector<Size> chosen;
  for (const int rate : rates) chosen.push_back({rate / per_second_to_requests, 10, concurrency, rate});
  return chosen;
}

//! smoke: tiny; quick: 100 x 10 ms at C 10 and 100, plus 10,000 in flight for the event loops
//! and 1,000 threads; full: N up to 10,000 (100,000 for the event loops), C from 1 to N, where
//! the model's ideal stays under 2 s, and 100,000 waits of 100 ms at once for the event loops;
//! and each open-loop model's sweep of rates.
std::vector<Size> sizes(concbench::Suite suite, const latency::Model& model) {
  using concbench::Suite;
  std::vector<Size> chosen;
  if (suite == Suite::smoke) {
    for (const int c : {1, 3}) chosen.push_back({6, 2, c});
  } else if (suite == Suite::quick) {
    if (model.max_concurrency == 1) return {{20, 10, 1}};  // one at a time: 100 waits would take a second
    if (model.interpreted) return {{100, 10, 100}};        // the course's programs: the summary case only
    chosen = {{100, 10, 10}, {100, 10, 100}};
    if (const int many = model.quick_many_in_flight) chosen.push_back({many, 10, many});
  } else {
    for (const int n : {100, 1'000, 10'000, 100'000})
      for (const int c : {1, 10, 100, 1'000, 10'000, 100'000})
        if (c <= n && concbench::littles_law_seconds(n, std::chrono::milliseconds(10), model.really_in_flight(c)) <= 2.0)
          chosen.push_back({n, 10, c});
    chosen.push_back({100'000, 100, 100'000});
  }
  std::erase_if(chosen, [&](const Size& size) {
    return size.concurrency > model.max_concurrency || size.requests > model.max_requests;
  });
  std::ranges::copy(open_loop_sizes(suite, model), std::back_inserter(chosen));
  return chosen;
}

void add_benchmarks(concbench::Suite suite) {
  for (const auto& model : latency::models().all())
    for (const auto size : sizes(suite, model)) {
      std::vector<std::pair<std::string, std::int64_t>> args{
          {"requests", size.requests}, {"delay_ms", size.delay_ms}, {"concurrency", size.concurrency}};
      if (size.rate > 0) args.emplace_back("rate", size.rate);
      // The summary case: 100 waits at 100 in flight, where every model runs and they part ways
      // (tbb's tasks block its threads: the pitfall the workload shows).
      const bool summary = suite != concbench::Suite::smoke && size.requests == 100 && size.concurrency == 100 && size.rate == 0;
      concbench::add_benchmark(
          "latency", model.name, args,
          [&model, size](benchmark::State& state) { run(state, model, size.requests, size.delay_ms, size.concurrency, size.rate); },
          summary);
    }
}

const bool registered = concbench::register_workload({.name = "latency",
                                                                     .what = "N requests that each wait L ms (a real timer or sleep), at most C in flight",
                                                                     .kind = concbench::Kind::request,
                                                                     .unit = "request",
                                                                     .ideal = "Little's law: ceil(N / C') x L, C' the requests the model keeps in flight; open loop: (N - 1) / R + L",
                                                                     .speedup = "overlap: N x L / time, the waits one request after another would take over the time taken",
                                                                     .order = 30},
                                                                    add_benchmarks, [] { return concbench::listing(latency::models()); });

}  // namespace
