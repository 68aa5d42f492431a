// http: the course's crawler against the delay server under every model; every reply is
// checked, and every request's latency recorded. The async entries at delay 0 also carry wrk's
// requests/s at the same concurrency; the open-loop entries (`rate:`) put the requests on a
// fixed schedule, wrk2's -R.
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
  int rate = 0;  // requests per second on an open loop's schedule; 0: the closed loop
};

//! The least time a crawl of `size` can take: the closed loop's ceil(N / C') rounds of the
//! delay (C' = the requests in flight), or the open loop's schedule, (N - 1) / rate, and the
//! last request's delay.
double ideal_seconds(Size size) {
  const std::chrono::milliseconds delay(size.delay_ms);
  if (size.rate > 0) return concbench::open_loop_seconds(size.requests, delay, size.rate);
  return concbench::littles_law_seconds(size.requests, delay, std::min(size.concurrency, size.requests));
}

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
    std::optional<double> wrk;
    if (model.throughput_sweep && size.delay_ms == 0) wrk = wrk_peer(url, size.concurrency, suite);
    const auto descriptors = crawl::open_descriptors();
    {
      concbench::RequestLog log;
      const auto crawl_all = concbench::warmed_up(std::string("http/") + model.name, [&] { return model.make(server, size.concurrency); },  // pools, processes
                                                   [&](const auto& run) {  // one round at delay 0: the runner used, not waited on
                                                     log.restart(std::min(size.requests, size.concurrency), 0);
                                                     run(0, log);
                                                   });
      concbench::LatencyCounters latencies;
      concbench::Stopwatch timed_loop;
      for (auto _ : state) {
        log.restart(size.requests, size.rate);
        const auto good = crawl_all(size.delay_ms, log);
        if (good != static_cast<std::uint64_t>(size.requests))
          throw std::runtime_error(std::to_string(good) + " good replies to " + std::to_string(size.requests) + " requests");
        latencies.add(log);
      }
      concbench::set_counters(state, size.concurrency, ideal_seconds(size), timed_loop);
      concbench::set_latency_counters(state, latencies);
      state.counters["requests_per_s"] = size.requests * static_cast<double>(state.iterations()) / timed_loop.seconds();
    }
    if (const auto left = crawl::open_descriptors(); left > descriptors)
      throw std::runtime_error(std::to_string(left - descriptors) + " descriptors outlived the model (connections or pipes it did not close)");
    if (wrk) state.counters["wrk_requests_per_s"] = *wrk;
  });
}

//! The open loop's rates in the full suite, at 10 ms and 1,000 in flight (so that the
//! concurrency, 100,000/s by Little's law, is never the limit): from well below every model's
//! capacity to beyond the delay server's. Each schedule lasts 0.5 s, 0.2 s in the quick suite
//! (which has a time budget: long enough for a queue that outgrows the model to show).
constexpr int open_loop_delay_ms = 10, open_loop_concurrency = 1'000;
const std::vector<int> full_rates{1'000, 2'000, 5'000, 10'000, 15'000, 20'000, 30'000, 40'000, 50'000, 60'000};
Size open_loop_size(int rate, concbench::Suite suite) {
  return {rate / (suite == concbench::Suite::quick ? 5 : 2), open_loop_delay_ms, open_loop_concurrency, rate};
}

//! smoke: a few requests of 2 ms, and for the open-loop models a schedule of 6 at 1,000/s.
//! quick: the course's 500 x 100 ms at 500 in flight — the summary case, where the models differ
//! (at 100 in flight every model waits out the same five rounds: ~520 ms each) — and at 100 for
//! the C++ models (processes at 100 only: 500 worker processes cost more than they show), the
//! Python crawlers once, at 500 in flight, serial at 50 x 10 ms, and each model's quick_rates on
//! the open loop. full: the course's cases including serial's 500 x 100 ms and Python at 100,
//! delay 0 at 1 to 500 in flight beside wrk, the open loop's sweep, and the big cases, 5,000 x
//! 100 ms at 1,000 in flight and 10,000 at 10,000.
struct Case {
  Size size;
  bool summary = false;
};

std::vector<Case> cases(concbench::Suite suite, const crawl::Model& model) {
  using concbench::Suite;
  if (suite == Suite::smoke) {
    std::vector<Case> chosen{{model.one_at_a_time ? Size{4, 2, 1} : Size{6, 2, 3}}};
    if (model.open_loop) chosen.push_back({{6, 2, model.one_at_a_time ? 1 : 3, 1'000}});
    return chosen;
  }
  if (model.one_at_a_time) return {{{suite == Suite::quick ? 50 : 500, suite == Suite::quick ? 10 : 100, 1}}};
  std::vector<Case> chosen;
  if (suite == Suite::quick) {
    if (500 <= model.max_quick_concurrency) chosen.push_back({{500, 100, 500}, true});
    if (!model.interpreted) chosen.push_back({{500, 100, 100}});
    for (const int rate : model.quick_rates) chosen.push_back({open_loop_size(rate, suite)});
    return chosen;
  }
  for (const int c : {10, 100, 500}) chosen.push_back({{500, 100, c}, c == 500});
  if (model.throughput_sweep)
    for (const int c : {1, 10, 100, 500}) chosen.push_back({{20'000, 0, c}});
  if (model.open_loop)
    for (const int rate : full_rates) chosen.push_back({open_loop_size(rate, suite)});
  if (model.big_concurrency >= 1'000) chosen.push_back({{5'000, 100, 1'000}});
  if (model.big_concurrency >= 10'000) chosen.push_back({{10'000, 100, 10'000}});
  return chosen;
}

void add_benchmarks(concbench::Suite suite) {
  for (const auto& model : crawl::models().all())
    for (const auto [size, summary] : cases(suite, model)) {
      std::vector<std::pair<std::string, std::int64_t>> args{{"requests", size.requests}, {"delay_ms", size.delay_ms}, {"concurrency", size.concurrency}};
      if (size.rate > 0) args.emplace_back("rate", size.rate);
      concbench::add_benchmark(
          "http", model.name, args, [&model, size, suite](benchmark::State& state) { run(state, model, size, suite); }, summary);
    }
}

const bool registered = concbench::register_workload({.name = "http",
                                                                     .what = "the course's crawler: N GETs to the loopback delay server, each answered after D ms",
                                                                     .kind = concbench::Kind::request,
                                                                     .unit = "request",
                                                                     .ideal = "Little's law: ceil(N / C') x D; open loop: (N - 1) / R + D; none at delay 0",
                                                                     .speedup = "overlap: N x D / time, the waits one request after another would take over the time taken",
                                                                     .order = 40},
                                                                    add_benchmarks, [] { return concbench::listing(crawl::models()); });

}  // namespace
