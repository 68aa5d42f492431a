// mixed: each delay-server reply followed by W microseconds of CPU work; the sum of all the
// work is checked against serial, and each model has its own ideal (where its CPU work runs).
#include <algorithm>
#include <stdexcept>
#include <string>

#include "benchmarks/registry.hpp"
#include "workloads/common/delay_server.hpp"
#include "workloads/common/hardware.hpp"
#include "workloads/mixed/mixed.hpp"

namespace {

int one_thread(int) { return 1; }
int cores(int) { return concbench::usable_cores(); }
int threads_on_cores(int concurrency) { return std::min(concurrency, concbench::usable_cores()); }

struct Variant {
  const char* model;
  mixed::Runner (*make)(const concbench::HttpServer& server, int concurrency);
  int (*cpu_threads)(int concurrency);  // how many requests' CPU work can run at once
};

constexpr Variant variants[] = {
    {"async", mixed::make_async, one_thread},
    {"async_pool", mixed::make_async_pool, cores},
    {"threads", mixed::make_threads, threads_on_cores},
    {"pool", mixed::make_pool, threads_on_cores},
};

//! How many terms take `micros` microseconds here, and how long they really take.
struct Work {
  std::uint64_t terms;
  double seconds;
};
Work calibrate(int micros) {
  constexpr std::uint64_t sample = 1 << 22;
  const double per_term = cpu_sum::reference(sample).seconds / sample;
  const auto terms = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(micros * 1e-6 / per_term));
  return {terms, terms * per_term};
}

struct Size {
  int requests, delay_ms, concurrency, work_us;
};

void run(benchmark::State& state, const Variant& variant, Size size) {
  concbench::reporting_errors(state, [&] {
    concbench::raise_open_files_limit(2L * size.concurrency + 256);
    const auto server = concbench::parse_http_url(concbench::delay_server_url());
    const auto work = calibrate(size.work_us);
    const auto expected = mixed::expected_total(size.requests, work.terms);
    const int in_flight = std::min(size.concurrency, size.requests);
    const auto fetch_and_compute = variant.make(server, size.concurrency);
    const concbench::Stopwatch timed_loop;
    for (auto _ : state) {
      const auto total = fetch_and_compute(size.requests, size.delay_ms, work.terms);
      if (total != expected)
        throw std::runtime_error("work sums to " + std::to_string(total) + ", serial says " + std::to_string(expected));
    }
    concbench::set_counters(state, size.concurrency,
                            mixed::ideal_seconds(size.requests, size.delay_ms, in_flight, work.seconds,
                                                 variant.cpu_threads(size.concurrency)),
                            timed_loop);
    state.counters["work_s"] = work.seconds;
  });
}

//! smoke: tiny; quick: 200 x 10 ms with 1 ms of work each at 50 in flight (CPU-bound for the
//! loop); full: also 100 µs and 10 ms of work, and 10 and 200 in flight.
std::vector<Size> sizes(concbench::Suite suite) {
  using concbench::Suite;
  if (suite == Suite::smoke) return {{6, 2, 3, 100}};
  if (suite == Suite::quick) return {{200, 10, 50, 1'000}};
  std::vector<Size> chosen;
  for (const int c : {10, 50, 200})
    for (const int work_us : {100, 1'000, 10'000}) chosen.push_back({200, 10, c, work_us});
  return chosen;
}

void add_benchmarks(concbench::Suite suite) {
  for (const auto& variant : variants)
    for (const auto size : sizes(suite))
      concbench::add_benchmark("mixed", variant.model,
                               {{"requests", size.requests},
                                {"delay_ms", size.delay_ms},
                                {"concurrency", size.concurrency},
                                {"work_us", size.work_us}},
                               [&variant, size](benchmark::State& state) { run(state, variant, size); });
}

const bool registered = concbench::register_workload("mixed", add_benchmarks);

}  // namespace
