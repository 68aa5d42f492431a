#pragma once
// http: the course's crawler. `requests` GETs of /add?name=<model>&delay=<ms>&<random letters>
// to the delay server, at most `concurrency` in flight; every reply must be 200 ".".
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include "workloads/common/http_client.hpp"
#include "workloads/common/model_table.hpp"

namespace crawl {

//! A model's crawl: returns how many replies were good; a bad reply or a failed request
//! throws. The maker (given the server and the concurrency) does the set-up.
using Runner = std::function<std::uint64_t(int requests, int delay_ms)>;

//! One row of the model table: a model of http and what the harness needs to know about it.
struct Model {
  const char* name;
  const char* what;  // one line for the docs
  Runner (*make)(const concbench::HttpServer& server, int concurrency);
  int max_quick_concurrency = 500;  // the quick suite's largest concurrency (processes cost more)
  bool throughput_sweep = false;    // also crawls at delay 0, beside wrk at the same concurrency
  bool one_at_a_time = false;       // a serial crawler: measured at concurrency 1 only
  bool quick = true;                // in the quick suite (false: the full suite only, as scripts/bench has a time budget)
  bool baseline = false;            // the course's serial crawler

  friend void PrintTo(const Model& model, std::ostream* out) { *out << model.name; }  // GoogleTest shows rows so
};

//! Every model of http; each model file adds its row.
concbench::ModelTable<Model>& models();

//! A fresh value per call for the URLs' random suffixes.
inline std::uint64_t fresh_salt() {
  return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
}

//! Requests per second that wrk (one thread, `concurrency` keep-alive connections) gets from
//! `url` in `duration`: the peer the async client is compared with. nullopt, with a warning on
//! standard error, when wrk is not installed or fails.
std::optional<double> wrk_requests_per_s(const std::string& url, int concurrency, std::chrono::seconds duration);

}  // namespace crawl
