#pragma once
// pipeline: the course's washer and dryers. P producers wash M items (wash_us each) and put
// them on a queue of capacity Q; C consumers take them off and dry them (dry_us each). The
// service times are sleeps (simulated I/O) or CPU work. The patterns beyond a plain queue are
// arguments: fire-and-forget (put it down, move on), request-response (a producer waits for
// each item's acknowledgement), backpressure (a bounded queue blocks the fast washer) or none.
// Every item must be dried exactly once: the count and a checksum of the ids say so.
#include <atomic>
#include <cstdint>
#include <functional>
#include <sstream>
#include <string>

#include "workloads/common/chunks.hpp"

namespace pipeline {

struct Spec {
  int producers = 1;           // P washers
  std::uint64_t items = 100;   // M items in all, split evenly between the producers
  int wash_us = 100;           // a producer's service time per item
  int capacity = 0;            // Q: the queue's bound; 0 means unbounded (no backpressure)
  int consumers = 2;           // C dryers
  int dry_us = 200;            // a consumer's service time per item
  bool cpu = false;            // service times are CPU work rather than sleeps
  bool acknowledge = false;    // request-response: a producer waits for each item to be dried
  double cpu_rate = 0;         // cpu_sum terms per microsecond of CPU work; 0: this process's
};

//! cpu_sum terms per microsecond here, from the serial reference (measured once per process).
double cpu_terms_per_microsecond();

//! Spec as words ("P M wash Q C dry cpu ack rate"), the way worker processes receive it: they
//! get the driver's CPU rate, so every stage does the same work and none calibrates in the
//! timed call.
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

//! One stage's service time for one item: a sleep of `us` microseconds, or (spec.cpu) that
//! much CPU work at the reference speed — us × the CPU rate cpu_sum terms.
void serve(int us, const Spec& spec);

//! The fastest the whole run could go: the slowest stage's rate, plus filling the pipeline;
//! with request-response each producer's items also go one at a time through both stages;
//! with CPU service times the usable cores bound it too.
double ideal_seconds(const Spec& spec);

//! Records a queue length, keeping the largest seen.
inline void note_depth(std::atomic<std::int64_t>& deepest, std::int64_t length) {
  std::int64_t seen = deepest.load(std::memory_order_relaxed);
  while (length > seen && !deepest.compare_exchange_weak(seen, length, std::memory_order_relaxed)) {}
}

//! One model's run of the pipeline; the maker does the set-up outside the timed call.
using Runner = std::function<Result()>;

Runner make_threads(const Spec& spec);
Runner make_tbb(const Spec& spec);
Runner make_process(const Spec& spec);
Runner make_async(const Spec& spec);
#ifdef CONCBENCH_HAVE_REDIS
Runner make_redis(const Spec& spec);
#endif

//! The stages of the process model, run by concbench_worker: a producer or a consumer on the
//! shared-memory ring `ring` (a POSIX shm name). A producer returns its ring's deepest depth,
//! a consumer its tally's words.
std::string produce_on_ring(const std::string& ring, int producer, const Spec& spec);
std::string consume_from_ring(const std::string& ring, const Spec& spec);

#ifdef CONCBENCH_HAVE_REDIS
//! The stages of the redis model, run by concbench_worker: a producer or a consumer on the
//! Redis list <queue>:items at `url`; the same replies as the ring's stages.
std::string produce_on_redis(const std::string& url, const std::string& queue, int producer, const Spec& spec);
std::string consume_from_redis(const std::string& url, const std::string& queue, const Spec& spec);
#endif

}  // namespace pipeline
