#pragma once
// pipeline: the course's washer and dryers. P producers wash M items and put them on a queue of
// capacity Q; C consumers take them off and dry them. A stage's service is a sleep of so many
// microseconds (simulated I/O) or CPU work of so many cpu_sum terms: work is defined in units
// of work, never in microseconds of this machine. The patterns beyond a plain queue are
// arguments: fire-and-forget (put it down, move on), request-response (a producer waits for
// each item's acknowledgement), backpressure (a bounded queue blocks the fast washer) or none.
// Every item must be dried exactly once: the count and a checksum of the ids say so. Each
// item's latency runs from when its producer starts washing it to when a consumer has finished
// drying it (with request-response too: the acknowledgement comes after), in a closed loop.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "workloads/common/chunks.hpp"
#include "workloads/common/model_table.hpp"
#include "workloads/common/request_log.hpp"

namespace pipeline {

struct Spec {
  int producers = 1;           // P washers
  std::uint64_t items = 100;   // M items in all, split evenly between the producers
  std::uint64_t wash = 100;    // a producer's service per item: microseconds asleep, or (cpu) terms
  int capacity = 0;            // Q: the queue's bound; 0 means unbounded (no backpressure)
  int consumers = 2;           // C dryers
  std::uint64_t dry = 200;     // a consumer's service per item, in the same unit as `wash`
  bool cpu = false;            // services are CPU work (cpu_sum terms) rather than sleeps (µs)
  bool acknowledge = false;    // request-response: a producer waits for each item to be dried
};

//! Spec as words ("P M wash Q C dry cpu ack"), the way worker processes receive it.
std::string to_words(const Spec& spec);
Spec from_words(std::istringstream& words);

//! The items producer `p` makes: a contiguous share of the ids [0, M).
inline concbench::Chunk items_of(const Spec& spec, int p) { return concbench::split(0, spec.items, spec.producers)[p]; }

//! What the consumers saw: how many items, and a checksum of a hash of each id (a lost item
//! and a duplicated one do not cancel out, as they would in a plain sum of ids).
struct Tally {
  std::uint64_t count = 0;
  std::uint64_t checksum = 0;
  void add(std::uint64_t id) {
    std::uint64_t z = id + 0x9E3779B97F4A7C15ull;  // splitmix64's finaliser
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    ++count;
    checksum += z ^ (z >> 31);
  }
  Tally& operator+=(const Tally& other) { return count += other.count, checksum += other.checksum, *this; }
  bool operator==(const Tally&) const = default;
  std::string to_words() const { return std::to_string(count) + " " + std::to_string(checksum); }
};

//! The tally of every item delivered exactly once.
Tally expected(const Spec& spec);

struct Result {
  Tally delivered;
  std::int64_t deepest = 0;  // the most items seen waiting between the stages at once
};

//! One stage's service for one item: a sleep of `amount` microseconds, or (spec.cpu) CPU work
//! of `amount` cpu_sum terms.
void serve(std::uint64_t amount, const Spec& spec);

//! Seconds one stage's service takes here: for sleeps the microseconds, for CPU work the terms
//! times `seconds_per_term` (the serial kernel's speed, measured beside the run).
double service_seconds(std::uint64_t amount, const Spec& spec, double seconds_per_term);

//! The fastest the whole run could go: the slowest stage's rate, plus filling the pipeline;
//! with request-response each producer's items also go one at a time through both stages;
//! with CPU service times the usable cores bound it too.
double ideal_seconds(const Spec& spec, double seconds_per_term);

//! Records a queue length, keeping the largest seen.
inline void note_depth(std::atomic<std::int64_t>& deepest, std::int64_t length) {
  std::int64_t seen = deepest.load(std::memory_order_relaxed);
  while (length > seen && !deepest.compare_exchange_weak(seen, length, std::memory_order_relaxed)) {}
}

//! One model's run of the pipeline; the maker does the set-up outside the timed call. `log`
//! holds M requests, one per item id: the run records every item's latency in it.
using Runner = std::function<Result(concbench::RequestLog& log)>;

//! An item's due time as it travels to a consumer in another process: steady_clock's count of
//! nanoseconds, which on Linux is CLOCK_MONOTONIC, one clock for every process of a host (not
//! for two hosts). The consumer reads its own clock when the item is dried.
inline std::int64_t clock_ns(concbench::RequestClock::time_point time) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
}

//! What a consumer in another process saw, as words: its tally, then "id nanoseconds" for each
//! item it dried (now minus the due time the item carried).
class DriedItems {
 public:
  void add(std::uint64_t id, std::int64_t due_ns);
  std::string to_words() const;
  //! Adds the tally in `words` to `delivered` and sets each item's latency in `log`.
  static void read(const std::string& words, Tally& delivered, concbench::RequestLog& log);

 private:
  Tally tally_;
  std::ostringstream latencies_;
};

//! One row of the model table: a model of pipeline and what the harness needs to know about it.
struct Model {
  const char* name;
  const char* what;                      // one line for the docs
  Runner (*make)(const Spec& spec);
  //! Bounds the items in flight rather than the queue alone (a flow graph's limiter), so with a
  //! capacity the queue may hold up to producers + consumers more than it.
  bool bounds_items_in_flight = false;
  //! The cpu_sum model whose speed per term gives CPU stages' ideal (null: cpu_sum's serial): a
  //! Python model's stages run Python's own loop, py_serial.
  const char* kernel_model = nullptr;
  bool interpreted = false;              // CPU stages in plain Python, ~300x slower a term: 1/100 of the terms
  bool slow_to_start = false;            // starts its stages in about a second (mpirun): the quick suite runs its summary case only
  bool baseline = false;
  bool in_processes = false;       // its work runs in other processes (worker processes, interpreters)
  const char* counterpart = nullptr;  // a Python model's C++ counterpart, drawn beside it

  friend void PrintTo(const Model& model, std::ostream* out) { *out << model.name; }  // GoogleTest shows rows so
};

//! Every model of pipeline; each model file adds its row.
concbench::ModelTable<Model>& models();

//! The stages of the process model, run by concbench_worker: a producer or a consumer on the
//! shared-memory ring `ring` (a POSIX shm name). A producer returns its ring's deepest depth,
//! a consumer its tally's words.
std::string produce_on_ring(const std::string& ring, int producer, const Spec& spec);
std::string consume_from_ring(const std::string& ring, const Spec& spec);

//! A Python model's maker (py_models.cpp): runs workloads/pipeline/<script>.py with the spec and
//! `options` (and `environment`, NAME=VALUE entries), started once; each call returns what the
//! script's run reports.
Runner make_python_pipeline(const std::string& script, const Spec& spec, std::vector<std::string> options,
                            const std::vector<std::string>& environment = {});

//! The stages of the redis model, run by concbench_worker: a producer or a consumer on the
//! Redis list <queue>:items at `url`; the same replies as the ring's stages. Without hiredis
//! they throw (workloads/common/without_redis.cpp).
std::string produce_on_redis(const std::string& url, const std::string& queue, int producer, const Spec& spec);
std::string consume_from_redis(const std::string& url, const std::string& queue, const Spec& spec);

}  // namespace pipeline
