// mixed: each delay-server reply followed by W cpu_sum terms of CPU work; the sum of all the
// work is checked against serial, and each model has its own ideal (where its CPU work runs);
// each request's latency, from a lane taking it to its work being done, is recorded.
#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>

#include "benchmarks/registry.hpp"
#include "workloads/common/delay_server.hpp"
#include "workloads/common/hardware.hpp"
#include "workloads/mixed/mixed.hpp"

namespace {

struct Size {
  int requests, delay_ms, concurrency;
  std::int64_t work_terms;  // CPU work after each reply, in cpu_sum terms: the same on every machine
};

void run(benchmark::State& state, const mixed::Model& model, Size size) {
  concbench::reporting_errors(state, [&] {
    concbench::raise_open_files_limit(2L * size.concurrency + 256);
    const auto server = concbench::parse_http_url(concbench::delay_server_url());
    const auto terms = static_cast<std::uint64_t>(size.work_terms);
    const auto expected = mixed::expected_total(size.requests, terms);
    const int in_flight = std::min(size.concurrency, size.requests);
    concbench::RequestLog log(size.requests);
    const auto fetch_and_compute = concbench::warmed_up(std::string("mixed/") + model.name, [&] { return model.make(server, size.concurrency); },
                                                         [&](const auto& run) {
                                                           log.restart(size.requests);
                                                           run(size.requests, size.delay_ms, terms, log);
                                                         });
    // One request's work on one core, measured beside the run: the CPU part of the ideal.
    concbench::PairedBaseline work("work_s", [terms] { return cpu_sum::serial_seconds(terms); });
    concbench::LatencyCounters latencies;
    concbench::Stopwatch timed_loop;
    for (auto _ : state) {
      log.restart(size.requests);
      const auto total = fetch_and_compute(size.requests, size.delay_ms, terms, log);
      if (total != expected)
        throw std::runtime_error("work sums to " + std::to_string(total) + ", serial says " + std::to_string(expected));
      latencies.add(log);  // throws if a request has no latency
    }
    timed_loop.stop();
    const double work_seconds = work.finish(state);
    concbench::set_counters(state, size.concurrency,
                            mixed::ideal_seconds(size.requests, size.delay_ms, in_flight, work_seconds,
                                                 model.cpu_threads(size.concurrency)),
                            timed_loop);
    concbench::set_latency_counters(state, latencies);
  });
}

//! smoke: tiny; quick: 200 x 10 ms with 2.5 M terms of work each (about 1 ms on the development
//! machine) at 50 in flight (CPU-bound for the loop); full: also 250 k and 25 M terms (about
//! 0.1 and 10 ms), and 10 and 200 in flight.
std::vector<Size> sizes(concbench::Suite suite) {
  using concbench::Suite;
  if (suite == Suite::smoke) return {{6, 2, 3, 250'000}};
  if (suite == Suite::quick) return {{200, 10, 50, 2'500'000}};
  std::vector<Size> chosen;
  for (const int c : {10, 50, 200})
    for (const std::int64_t terms : {250'000, 2'500'000, 25'000'000}) chosen.push_back({200, 10, c, terms});
  return chosen;
}

void add_benchmarks(concbench::Suite suite) {
  for (const auto& model : mixed::models().all())
    for (const auto size : sizes(suite))
      concbench::add_benchmark("mixed", model.name,
                               {{"requests", size.requests},
                                {"delay_ms", size.delay_ms},
                                {"concurrency", size.concurrency},
                                {"work_terms", size.work_terms}},
                               [&model, size](benchmark::State& state) { run(state, model, size); },
                               suite != concbench::Suite::smoke && size.concurrency == 50 && size.work_terms == 2'500'000);  // the summary case
}

const bool registered = concbench::register_workload({.name = "mixed",
                                                                     .what = "each HTTP response followed by W terms of checked CPU work",
                                                                     .kind = concbench::Kind::request,
                                                                     .unit = "request",
                                                                     .ideal = "max(ceil(N / C) x (L + work), N x work / the cores its CPU work runs on)",
                                                                     .order = 50},
                                                                    add_benchmarks, [] { return concbench::listing(mixed::models()); });

}  // namespace
