#pragma once
// spawn: start and finish `units` tiny units of work, one after another — start one, wait for
// its result, start the next — under every model. A unit's start-up cost is (measured time -
// serial time) / units: the EPCC microbenchmark method, the construct under test against a
// serial loop doing the same work.
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

#include "workloads/common/model_table.hpp"

#include "workloads/cpu_sum/cpu_sum.hpp"

namespace spawn {

//! The fixed tiny work of unit i: one cpu_sum term (a few nanoseconds), so that every unit
//! returns something to check. Defined out of line so that the serial loop stays a real call.
std::uint64_t unit(std::uint64_t i);

//! What every model must return: the sum of unit(i) for i in [0, units).
inline std::uint64_t expected(std::uint64_t units) { return cpu_sum::sum_range(0, units); }

//! Seconds per unit of the serial loop now: the mean of a batch of at least 10 ms.
double serial_seconds_per_unit(std::uint64_t units);

//! A model's way to run `units` units one after another and sum their results. The maker does
//! the set-up (pools, arenas, event loops) outside the timed call; `workers` sizes pools, arenas
//! and OpenMP teams, and the other models ignore it.
using Runner = std::function<std::uint64_t(std::uint64_t units)>;

//! One row of the model table: a model of spawn and what the harness needs to know about it.
struct Model {
  const char* name;
  const char* what;                   // one line for the docs
  Runner (*make)(int workers);
  std::int64_t units;                 // per timed call in the quick and full suites: about a millisecond of work
  bool starts_processes = false;      // also measured from a parent with a large resident heap
  bool baseline = false;              // the plain loop the others are measured against
  bool in_processes = false;       // its work runs in other processes (worker processes, interpreters)

  friend void PrintTo(const Model& model, std::ostream* out) { *out << model.name; }  // GoogleTest shows rows so
};

//! Every model of spawn; each model file adds its row.
concbench::ModelTable<Model>& models();

//! What the process models share: a pipe whose ends close once, a child's whole answer (read
//! with a timeout, then the child reaped; it must exit 0), and one unit asked of a freshly
//! started concbench_worker as "cpu_sum i i+1", answered "ok <value>".
struct Pipe {
  int read = -1, write = -1;
  Pipe();
  ~Pipe();
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  void close_read();
  void close_write();
};
std::string collect(pid_t pid, Pipe& from_child);
std::uint64_t ask_worker(pid_t pid, Pipe& to_child, Pipe& from_child, std::uint64_t i);

}  // namespace spawn
