#pragma once
// memory: start `units` units that all wait at once (threads blocked, processes idle, coroutines
// and TBB tasks suspended), measure what the set costs in memory while every unit is alive,
// then release them; each released unit adds unit(i) to a sum that is checked.
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <ostream>

#include "workloads/common/model_table.hpp"

namespace memory {

//! What `units` waiting units cost, divided by `units`.
struct Footprint {
  double bytes_per_unit = 0;          // memory in use: the larger of RSS and heap-in-use growth,
                                      // or for processes the children's PSS (shared pages split)
  double virtual_bytes_per_unit = 0;  // address space reserved (a thread's whole stack, say)
  double heap_bytes_per_unit = 0;     // malloc'd bytes still in use (concbench::heap_in_use_bytes)
  double kernel_bytes_per_unit = 0;   // kernel stacks and page tables (system-wide, so approximate)
  double stack_bytes = 0;             // a unit's stack size where it has one (threads, TBB tasks)
};

//! A model's way to hold `units` waiting units alive, measure them and end them.
using Runner = std::function<Footprint(std::uint64_t units)>;

//! With more suspended tasks than this, oneTBB 2021.8 left all but one or two unfinished after
//! resume() here (4,000 worked, 4,200 did not), so the tbb row holds at most this many.
constexpr std::uint64_t max_tbb_units = 4'000;

//! One row of the model table: a model of memory and what the harness needs to know about it.
struct Model {
  const char* name;
  const char* what;                 // one line for the docs
  Runner (*make)();
  std::int64_t quick_units = 1'000;   // enough that a unit's own memory dwarfs the rest; 10,000 threads took 4 s a process
  std::int64_t full_units = 10'000;
  std::int64_t max_units = 0;       // the most this model can hold (0: no limit of its own)
  bool unit_has_stack = false;      // each waiting unit keeps a stack of its own (threads, suspended tasks)
  bool baseline = false;
  bool in_processes = false;       // its work runs in other processes (worker processes, interpreters)

  friend void PrintTo(const Model& model, std::ostream* out) { *out << model.name; }  // GoogleTest shows rows so
};

//! Every model of memory; each model file adds its row.
concbench::ModelTable<Model>& models();

//! Memory figures of this process and of the machine, read from /proc.
struct Usage {
  double resident = 0, address_space = 0, heap = 0, kernel = 0;
};
//! Returns free heap pages to the kernel first (malloc_trim), so a later delta sees new pages.
Usage usage_now();
//! Per-unit difference between two readings.
Footprint per_unit(const Usage& before, const Usage& after, std::uint64_t units);
//! Proportional set size of process `pid` (its private pages plus its share of shared ones).
double proportional_bytes(pid_t pid);

}  // namespace memory
