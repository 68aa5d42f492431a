// http: the course's crawler against the delay server under every model; every reply is
// checked. The async entries at delay 0 also carry wrk's requests/s at the same concurrency.
#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>

#include "benchmarks/registry.hpp"
#include "workloads/common/delay_server.hpp"
#include "workloads/http/http.hpp"

namespace {

struct Size {
  int requests, delay_ms, concurrency;
};

//! wrk's requests/s against the same server at delay 0, measured once per concurrency per run.
std::optional<double> wrk_peer(const std::string& server_url, int concurrency, concbench::Suite suite) {
  static std::map<int, std::optional<double>> measured;
  if (const auto found = measured.find(concurrency); found != measured.end()) return found->second;
  const auto duration = std::chrono::seconds(suite == concbench::Suite::full ? 3 : 1);
  return measured[concurrency] = crawl::wrk_requests_per_s(server_url + "/add?name=wrk&delay=0", concurrency, duration);
}

void run(benchmark::State& state, const crawl::Model& model, Size size, concbench::Suite suite) {
  concbench::reporting_errors(state, [&] {
    concbench::raise_open_files_limit(2L * size.concurrency + 256);
    const auto& url = concbench::delay_server_url();
    const auto server = concbench::parse_http_url(url);
    const int in_flight = std::min(size.concurrency, size.requests);
    const double ideal = std::ceil(static_cast<double>(size.requests) / in_flight) * size.delay_ms / 1000.0;
    std::optional<double> wrk;
    if (model.throughput_sweep && size.delay_ms == 0) wrk = wrk_peer(url, size.concurrency, suite);
    const auto crawl_all = concbench::warmed_up(std::string("http/") + model.name, [&] { return model.make(server, size.concurrency); },  // pools, processes
                                                 [&](const auto& run) { run(size.requests, size.delay_ms); });
    concbench::Stopwatch timed_loop;
    for (auto _ : state) {
      const auto good = crawl_all(size.requests, size.delay_ms);
      if (good != static_cast<std::uint64_t>(size.requests))
        throw std::runtime_error(std::to_string(good) + " good replies to " + std::to_string(size.requests) + " requests");
    }
    concbench::set_counters(state, size.concurrency, ideal, timed_loop);
    state.counters["requests_per_s"] = size.requests * static_cast<double>(state.iterations()) / timed_loop.seconds();
    if (wrk) state.counters["wrk_requests_per_s"] = *wrk;
  });
}

//! smoke: a few requests of 2 ms; quick: the course's 500 x 100 ms at 100 and 500 in flight
//! (processes at 100 only), serial at 50 x 10 ms, and 2,000 requests at delay 0 against wrk;
//! full: the course's cases including serial's 500 x 100 ms, and delay 0 at 1 to 500 in flight.
std::vector<Size> sizes(concbench::Suite suite, const crawl::Model& model) {
  using concbench::Suite;
  if (suite == Suite::smoke) return model.one_at_a_time ? std::vector<Size>{{4, 2, 1}} : std::vector<Size>{{6, 2, 3}};
  if (suite == Suite::quick && !model.quick) return {};
  if (model.one_at_a_time) return {{suite == Suite::quick ? 50 : 500, suite == Suite::quick ? 10 : 100, 1}};
  std::vector<Size> chosen;
  for (const int c : suite == Suite::quick ? std::vector<int>{100, 500} : std::vector<int>{10, 100, 500})
    if (suite != Suite::quick || c <= model.max_quick_concurrency) chosen.push_back({500, 100, c});
  if (model.throughput_sweep)
    for (const int c : suite == Suite::quick ? std::vector<int>{100, 500} : std::vector<int>{1, 10, 100, 500})
      chosen.push_back({suite == Suite::quick ? 2'000 : 20'000, 0, c});
  return chosen;
}

void add_benchmarks(concbench::Suite suite) {
  for (const auto& model : crawl::models().all())
    for (const auto size : sizes(suite, model))
      concbench::add_benchmark("http", model.name,
                               {{"requests", size.requests}, {"delay_ms", size.delay_ms}, {"concurrency", size.concurrency}},
                               [&model, size, suite](benchmark::State& state) { run(state, model, size, suite); });
}

const bool registered = concbench::register_workload("http", add_benchmarks, [] { return concbench::listing(crawl::models()); });

}  // namespace
