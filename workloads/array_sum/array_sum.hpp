#pragma once
// array_sum: the sum of an array of 64-bit integers held in memory — the memory-bound workload.
// cpu_sum's terms are computed in registers, so its speedup tracks cores; here every element is
// read from memory, so beyond the caches the limit is the machine's read bandwidth, measured
// beside every value by a STREAM-style probe. Sizes are bytes, the same work on every machine;
// which cache a size fits is the machine's business (llc_bytes says).
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

#include "workloads/common/model_table.hpp"

namespace array_sum {

//! Element i of every array: i. The array is filled at run time, in memory the compiler cannot
//! see into, and its sum has a closed form to check every model against.
inline std::uint64_t element(std::uint64_t i) { return i; }

//! The closed form: the sum of element(i) for i in [0, count) is count (count - 1) / 2 (exact
//! in 64 bits up to 2^32 elements, 32 GiB).
inline std::uint64_t expected(std::uint64_t count) { return count == 0 ? 0 : count * (count - 1) / 2; }

//! Throws if `sum` is not the closed form for `count` elements: every model's every answer is checked.
void check(std::uint64_t sum, std::uint64_t count);

//! Sum of data[first, last). Compiled once, out of line, so every model, the worker processes,
//! the ranks and the probe run the very same machine code (see cpu_sum::sum_range).
std::uint64_t sum_range(const std::uint64_t* data, std::uint64_t first, std::uint64_t last);

//! The array every model of a benchmark reads: `bytes / 8` elements in a POSIX shared-memory
//! object (/dev/shm), mapped here and — by name — by the process_shared workers and the mpi
//! ranks, so that all read the very same pages (4 KiB pages: shared memory gets no transparent
//! huge pages by default, and neither then does any model). The constructor fills it before
//! anything is timed: one thread per usable CPU, each pinned to its CPU, writes a contiguous
//! 1/N of the array, so each page is first touched — and placed, on a NUMA machine — by the
//! CPU whose share it is (STREAM's parallel initialisation). The destructor unmaps and unlinks it.
class SharedArray {
 public:
  explicit SharedArray(std::uint64_t bytes);
  ~SharedArray();
  SharedArray(const SharedArray&) = delete;
  SharedArray& operator=(const SharedArray&) = delete;

  const std::uint64_t* data() const { return data_; }
  std::uint64_t* data() { return data_; }
  std::uint64_t count() const { return count_; }
  std::uint64_t bytes() const { return count_ * sizeof(std::uint64_t); }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::uint64_t count_;
  std::uint64_t* data_;
};

//! The shared array `name` of `count` elements, mapped read-only into this process once, every
//! page read once so that no timed call takes page faults; later calls return the same mapping.
//! How the process_shared workers and the mpi ranks see the array.
const std::uint64_t* attach(const std::string& name, std::uint64_t count);

//! The machine's read bandwidth now, as seconds per pass over `array` with `threads` threads:
//! STREAM's method for a read-only kernel, with the work balanced: the threads take 256 KiB blocks
//! of the array from a shared counter and sum them (sum_range, the models' kernel), pass after
//! pass, between two barriers, for at least 10 ms after an untimed pass that wakes and warms every
//! thread's CPU; the better of two such batches. Only reading is timed. A static 1/threads each would be bound by the slowest CPU, below what a
//! work-stealing model reads. No model overhead: the best the kernel does at that count.
double probe_seconds(const SharedArray& array, int threads);

//! The last-level cache's size as the machine reports it (sysfs, else sysconf), 0 if unknown.
//! A VM may report the whole host package's cache, more than one core can use.
std::uint64_t last_level_cache_bytes();

//! One model's way to sum the whole array it was made for; the maker does the set-up (pools,
//! arenas, worker processes that map the array) so that a call only reads and adds.
using Runner = std::function<std::uint64_t()>;

//! One row of the model table: a model of array_sum and what the harness needs to know about it.
struct Model {
  const char* name;
  const char* what;             // one line for the docs
  Runner (*make)(const SharedArray& array, int workers);
  bool uses_cores = true;       // false: one thread whatever `workers` says, so its probe runs one thread
  bool takes_workers = true;    // false: measured once, at workers:1
  bool quick = true;            // in the quick suite (false: the full suite only, as scripts/bench has a time budget)
  bool slow_to_start = false;   // starts its workers in about a second (mpirun): the quick suite measures it at workers:all only
  bool baseline = false;        // the plain loop
  bool in_processes = false;    // its work runs in other processes (worker processes, ranks)

  friend void PrintTo(const Model& model, std::ostream* out) { *out << model.name; }  // GoogleTest shows rows so
};

//! Every model of array_sum; each model file adds its row.
concbench::ModelTable<Model>& models();

//! The process_shared workers' job (concbench_worker): the sum of [first, last) of the shared
//! array `name` of `count` elements, attached once per worker.
std::uint64_t sum_attached(const std::string& name, std::uint64_t count, std::uint64_t first, std::uint64_t last);

}  // namespace array_sum
