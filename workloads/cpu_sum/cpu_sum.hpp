#pragma once
// cpu_sum: sum f(i) for i in 1..n, split into `workers` chunks — the CPU-bound workload.
#include <cstdint>
#include <functional>
#include <ostream>

#include "workloads/common/chunks.hpp"
#include "workloads/common/model_table.hpp"

namespace cpu_sum {

//! f(i): the top 24 bits of a multiplicative (Fibonacci) hash of i. Cheap (one multiply and a
//! shift) but with no closed form for its sum, so the compiler cannot fold the loop the way it
//! turns sum(1..n) into n(n+1)/2; terms stay below 2^24, so sums up to n = 2^40 fit in 64 bits.
inline std::uint64_t term(std::uint64_t i) { return (i * 0x9E3779B97F4A7C15ull) >> 40; }

//! Sum of term(i) over the half-open range [first, last). Compiled once, out of line, so every
//! model and the serial reference run the very same machine code: copies of this loop inlined
//! into different files ran up to 2x apart in speed, which would show as false speedups.
std::uint64_t sum_range(std::uint64_t first, std::uint64_t last);
inline std::uint64_t sum_range(concbench::Chunk chunk) { return sum_range(chunk.first, chunk.last); }

//! The serial answer for n, the oracle every model is checked against (computed once per n).
std::uint64_t answer(std::uint64_t n);

//! Seconds the serial loop takes for n terms now: the mean of a batch of at least 10 ms. Not
//! kept from call to call — the machine's speed drifts — so each repetition measures its own
//! baseline beside its timed loop (concbench::PairedBaseline).
double serial_seconds(std::uint64_t n);

//! One model's way to compute sum f(1..n). A maker does the set-up (pools, arenas, worker
//! processes) so that the returned runner — what the benchmark times — only does the work.
using Runner = std::function<std::uint64_t(std::uint64_t n)>;

//! Seconds `sum` takes for n terms now, as serial_seconds measures them. Above `at_most` terms it
//! sums the first `at_most` and scales: a term costs the same wherever it is, and a baseline of
//! 60 ms (n = 1e8) measured four times a repetition would outlast the repetition.
double seconds_per_sum(const Runner& sum, std::uint64_t n, std::uint64_t at_most = ~std::uint64_t{0});

//! How many terms a baseline sums at most: about 5 ms of C++, 25 ms of plain Python.
inline constexpr std::uint64_t baseline_terms = 1 << 23;
inline constexpr std::uint64_t interpreted_baseline_terms = 1 << 18;

//! One row of the model table: a model of cpu_sum and what the harness needs to know about it.
struct Model {
  const char* name;
  const char* what;             // one line for the docs
  Runner (*make)(int workers);
  bool uses_cores = true;       // false: one thread whatever `workers` says, so its ideal is serial time
  bool takes_workers = true;    // false: measured once, at workers:1
  //! The model whose time this one's ideal and speedup rest on (null: the baseline). A Python
  //! model's rest on py_serial, Python's own loop over the same terms.
  const char* serial_model = nullptr;
  bool interpreted = false;     // sums in plain Python, ~300x slower a term: n up to 1e7 (1e8 would take 20 s)
  bool slow_to_start = false;   // starts its workers in about a second (mpirun): the quick suite measures it at workers:all only
  bool baseline = false;        // the oracle every other model is checked against
  bool in_processes = false;       // its work runs in other processes (worker processes, interpreters)
  const char* counterpart = nullptr;  // a Python model's C++ counterpart, drawn beside it

  friend void PrintTo(const Model& model, std::ostream* out) { *out << model.name; }  // GoogleTest shows rows so
};

//! Every model of cpu_sum; each model file adds its row.
concbench::ModelTable<Model>& models();

//! The row whose time `model`'s ideal and speedup rest on: its serial_model, else the baseline.
const Model& serial_model_of(const Model& model);

}  // namespace cpu_sum
