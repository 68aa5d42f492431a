#pragma once
// mixed: I/O followed by CPU work. Each of `requests` GETs to the delay server (delay L, at most
// `concurrency` in flight) is followed by CPU work: summing cpu_sum's term over the request's
// own range of `terms` indices, so the total is checked against serial. The work is a number of
// terms, never microseconds of this machine, so the same name means the same work everywhere.
// Each request's latency runs from when a lane (a thread, a pool's task, a coroutine) takes it
// to when its CPU work is done: the GET's wait, the work, and any wait for a core or the loop.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <ostream>

#include "workloads/common/hardware.hpp"
#include "workloads/common/http_client.hpp"
#include "workloads/common/model_table.hpp"
#include "workloads/common/request_log.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"

namespace mixed {

//! The CPU work after request `id`: sum f(i) over [id * terms, (id + 1) * terms).
inline std::uint64_t work(int id, std::uint64_t terms) {
  const auto first = static_cast<std::uint64_t>(id) * terms;
  return cpu_sum::sum_range(first, first + terms);
}

//! What every model must return: the sum of all requests' work.
inline std::uint64_t expected_total(int requests, std::uint64_t terms) {
  return cpu_sum::sum_range(0, static_cast<std::uint64_t>(requests) * terms);
}

//! Returns the sum of every request's work and records each request's latency in `log` (of
//! `requests` requests, by id); a bad reply throws. The maker does the set-up.
using Runner = std::function<std::uint64_t(int requests, int delay_ms, std::uint64_t terms, concbench::RequestLog& log)>;

//! How many requests' CPU work can run at once: one (the loop's thread), every core (a pool
//! behind the loop), or as many as are in flight up to the cores (a thread per request).
inline int one_thread(int /*concurrency*/) { return 1; }
inline int every_core(int /*concurrency*/) { return concbench::usable_cores(); }
inline int in_flight_up_to_cores(int concurrency) { return std::min(concurrency, concbench::usable_cores()); }

//! One row of the model table: a model of mixed and what the harness needs to know about it.
struct Model {
  const char* name;
  const char* what;  // one line for the docs
  Runner (*make)(const concbench::HttpServer& server, int concurrency);
  int (*cpu_threads)(int concurrency) = in_flight_up_to_cores;
  bool baseline = false;

  friend void PrintTo(const Model& model, std::ostream* out) { *out << model.name; }  // GoogleTest shows rows so
};

//! Every model of mixed; each model file adds its row.
concbench::ModelTable<Model>& models();

//! The best time: each of the ceil(n / c) rounds waits and then works, and all the CPU work
//! shares `cpu_threads` cores (1 for async, the pool's for async_pool, min(c, cores) for
//! threads and pool).
inline double ideal_seconds(int requests, int delay_ms, int concurrency, double work_seconds, int cpu_threads) {
  // Little's law with a round's wait followed by its work: ceil(n / c) x (delay + work).
  const std::chrono::duration<double> round(delay_ms / 1000.0 + work_seconds);
  return std::max(concbench::littles_law_seconds(requests, round, concurrency), requests * work_seconds / cpu_threads);
}

}  // namespace mixed
