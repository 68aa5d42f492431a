#pragma once
// http: the course's crawler. `requests` GETs of /add?name=<model>&delay=<ms>&<random letters>
// to the delay server, at most `concurrency` in flight; every reply must be 200 ".".
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "workloads/common/http_client.hpp"
#include "workloads/common/model_table.hpp"
#include "workloads/common/request_log.hpp"

namespace crawl {

//! A model's crawl of log.requests() GETs: returns how many replies were good; a bad reply or a
//! failed request throws. Each request id is taken by a lane, which waits until log.due(id) if
//! it is early (the open loop), GETs, and records log.done(id, due). The maker (given the server
//! and the concurrency) does the set-up.
using Runner = std::function<std::uint64_t(int delay_ms, concbench::RequestLog& log)>;

//! One row of the model table: a model of http and what the harness needs to know about it.
struct Model {
  const char* name;
  const char* what;  // one line for the docs
  Runner (*make)(const concbench::HttpServer& server, int concurrency);
  int max_quick_concurrency = 500;  // the quick suite's largest concurrency (processes cost more)
  bool throughput_sweep = false;    // also crawls at delay 0, beside wrk at the same concurrency
  bool one_at_a_time = false;       // a serial crawler: measured at concurrency 1 only
  bool baseline = false;            // the course's serial crawler
  bool open_loop = false;           // follows an open loop's schedule (log.rate() > 0); others refuse one
  std::vector<int> quick_rates{};   // open-loop rates (per second) in the quick suite: below, near and above its saturation
  int big_concurrency = 0;          // the full suite's big cases up to this many in flight (1,000: 5,000 x 100 ms; 10,000: also C10k)
  bool interpreted = false;         // one of the course's Python programs (add_python_row sets it)
  bool in_processes = false;       // its work runs in other processes (worker processes, interpreters)
  const char* counterpart = nullptr;  // a Python model's C++ counterpart, drawn beside it

  friend void PrintTo(const Model& model, std::ostream* out) { *out << model.name; }  // GoogleTest shows rows so
};

//! Every model of http; each model file adds its row.
concbench::ModelTable<Model>& models();

//! Throws std::invalid_argument for an open-loop log: a model that cannot follow a schedule.
void require_closed_loop(const concbench::RequestLog& log, const char* model);

//! Checks a Python crawler's result words — each distinct reply once, "<how many>:<status>:<body,
//! percent-encoded>" (crawl.py's tally), with check_delay_reply — and reads the latencies that
//! follow them, one per request in id order, into `log`; returns how many replies there were.
//! Throws std::runtime_error for a bad reply, a malformed tally or a missing latency.
std::uint64_t checked_python_replies(const std::string& words, const std::string& target, concbench::RequestLog& log);

//! How many descriptors this process has open (/proc/self/fd): a model's life must leave the
//! count as it found it, no connection or pipe behind.
std::size_t open_descriptors();

//! A fresh value per call for the URLs' random suffixes.
inline std::uint64_t fresh_salt() {
  return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
}

//! Requests per second that wrk (one thread, `concurrency` keep-alive connections) gets from
//! `url` in `duration`: the peer the async client is compared with. nullopt, with a warning on
//! standard error, when wrk is not installed or fails.
std::optional<double> wrk_requests_per_s(const std::string& url, int concurrency, std::chrono::seconds duration);

}  // namespace crawl
