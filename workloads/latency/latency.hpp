#pragma once
// latency: `requests` simulated I/O calls that each wait `delay` (a real timer or sleep, never
// a busy loop), at most `concurrency` in flight — where concurrency hides waiting, not adds cores.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <ostream>

#include "workloads/common/model_table.hpp"
#include "workloads/common/request_log.hpp"

namespace latency {

//! What a run did: how many requests completed and the sum of their ids (0..requests-1), so a
//! lost or doubled request shows.
struct Result {
  std::uint64_t completed = 0;
  std::uint64_t id_sum = 0;
};

//! A model's way to run log.requests() requests, at most `concurrency` (given to its maker) in
//! flight, each a wait of `delay`; the maker does the set-up (pools, worker processes, event
//! loops) outside the timed call. Request `id` counts from `log.due(id)`, taken when the model
//! starts it (closed loop) or its place on the schedule (open loop, models with `open_loop`:
//! the model waits until then before it starts the request), and ends with `log.done(id, due)`.
using Runner = std::function<Result(std::chrono::milliseconds delay, concbench::RequestLog& log)>;

//! One row of the model table: a model of latency and what the harness needs to know about it.
struct Model {
  const char* name;
  const char* what;                       // one line for the docs
  Runner (*make)(int concurrency);
  //! C': how many requests the model really keeps waiting at once when asked for `concurrency`
  //! (null: as many as asked); TBB's blocking tasks, for one, wait no more than its threads.
  int (*in_flight)(int concurrency) = nullptr;
  int max_concurrency = 10'000;           // larger sweeps cost too much memory or set-up
  int max_requests = 10'000;
  int quick_many_in_flight = 0;           // the quick suite adds this many in flight (0: none)
  bool reports_memory = true;             // false: the waiting happens in other processes
  bool baseline = false;                  // the model that keeps one request in flight
  bool open_loop = false;                 // follows an open loop's schedule (RequestLog::due)
  bool quick_open_loop = false;           // the quick suite sweeps its rates too (it has a time budget)

  int really_in_flight(int concurrency) const { return in_flight ? in_flight(concurrency) : concurrency; }
  bool interpreted = false;         // one of the course's Python programs (add_python_row sets it)
  bool in_processes = false;       // its work runs in other processes (worker processes, interpreters)
  const char* counterpart = nullptr;  // a Python model's C++ counterpart, drawn beside it

  friend void PrintTo(const Model& model, std::ostream* out) { *out << model.name; }  // GoogleTest shows rows so
};

//! Every model of latency; each model file adds its row.
concbench::ModelTable<Model>& models();

}  // namespace latency
