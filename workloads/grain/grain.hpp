#pragma once
// grain: a fixed total of cpu_sum work — terms 1..total — cut into tasks of `grain` terms each.
// Sweeping the grain from about a microsecond to 10 ms of work per task shows how small a task
// can be before a model's per-task cost eats the parallel gain: efficiency against grain, and
// the break-even grain where a model first reaches 90% efficiency.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <ostream>
#include <vector>

#include "workloads/common/chunks.hpp"
#include "workloads/common/model_table.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"

namespace grain {

//! The tasks: [1, total + 1) cut into consecutive chunks of `grain` terms, the last one shorter.
inline std::vector<concbench::Chunk> tasks(std::uint64_t total, std::uint64_t grain) {
  std::vector<concbench::Chunk> chunks;
  const std::uint64_t step = grain > 0 ? grain : 1;
  for (std::uint64_t first = 1; first <= total; first += step) chunks.push_back({first, std::min(first + step, total + 1)});
  return chunks;
}

//! One task's work: cpu_sum::sum_range over the chunk — one compiled kernel for every model and
//! the serial reference, so only the scheduling differs.
inline std::uint64_t sum_task(concbench::Chunk task) { return cpu_sum::sum_range(task); }

//! One model's way to sum term(1..total) as tasks of `grain` terms; the answer, and the serial
//! time every efficiency is measured against, is cpu_sum::reference(total). The maker does the
//! set-up outside the timed call.
using Runner = std::function<std::uint64_t(std::uint64_t total, std::uint64_t grain)>;

//! One row of the model table: a model of grain and what the harness needs to know about it.
struct Model {
  const char* name;
  const char* what;           // one line for the docs
  Runner (*make)(int workers);
  bool uses_cores = true;     // false: one thread whatever `workers` says, so its ideal is serial time
  bool baseline = false;
  bool in_processes = false;       // its work runs in other processes (worker processes, interpreters)

  friend void PrintTo(const Model& model, std::ostream* out) { *out << model.name; }  // GoogleTest shows rows so
};

//! Every model of grain; each model file adds its row.
concbench::ModelTable<Model>& models();

}  // namespace grain
