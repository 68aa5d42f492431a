#pragma once
// Per-request latency: when each request of one timed call was due and how long it took, for the
// workloads that serve requests (latency, http, mixed, pipeline). A closed loop (wrk's way) starts
// a request when a lane is free, so a request is due when a lane takes it. An open loop (wrk2's
// -R) puts request i on a fixed schedule, origin + i / rate, and measures its latency from that
// intended start: a model that falls behind is charged for the requests it kept waiting, which a
// closed loop hides ("coordinated omission").
#include <chrono>
#include <cmath>
#include <cstddef>
#include <istream>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace concbench {

using RequestClock = std::chrono::steady_clock;

//! Little's law, the closed loop's limit: `requests` waits of `delay` each, at most `in_flight`
//! at a time, take ceil(requests / in_flight) delays.
inline double littles_law_seconds(int requests, std::chrono::duration<double> delay, int in_flight) {
  return std::ceil(static_cast<double>(requests) / in_flight) * delay.count();
}

//! The open loop's limit: the last request is due (requests - 1) / rate after the first, and then waits.
inline double open_loop_seconds(int requests, std::chrono::duration<double> delay, double rate) {
  return (requests > 0 ? (requests - 1) / rate : 0) + delay.count();
}

//! The latency of every request of one timed call, by request id (0 .. requests-1).
class RequestLog {
 public:
  //! A log of `requests` requests, none done yet; `rate` > 0 (requests per second): the open
  //! loop, request i due i / rate seconds after now; 0: the closed loop.
  explicit RequestLog(int requests = 0, double rate = 0) { restart(requests, rate); }

  //! Forgets every latency and starts the schedule again from now.
  void restart(int requests, double rate = 0);

  int requests() const { return static_cast<int>(seconds_.size()); }
  double rate() const { return rate_; }
  bool open_loop() const { return rate_ > 0; }
  RequestClock::time_point origin() const { return origin_; }

  //! When request `id` is due: origin + id / rate in the open loop (the model waits until then if
  //! it is early, and the latency counts from then even if it is late), now in the closed loop.
  RequestClock::time_point due(int id) const {
    if (rate_ <= 0) return RequestClock::now();
    return origin_ + std::chrono::duration_cast<RequestClock::duration>(std::chrono::duration<double>(id / rate_));
  }

  //! Request `id`, due at `due`, is complete now. Distinct ids may be recorded from different
  //! threads at once (each writes only its own slot).
  void done(int id, RequestClock::time_point due) { set(id, std::chrono::duration<double>(RequestClock::now() - due).count()); }

  //! A latency measured elsewhere: by a Python model's script, or a worker process.
  void set(int id, double seconds) { seconds_.at(static_cast<std::size_t>(id)) = seconds; }

  //! Every request's latency in seconds, by id; throws std::runtime_error naming the first
  //! request that has none (a model that lost one, or never recorded it).
  std::span<const double> seconds() const;

  //! Reads `requests()` latencies in seconds, in id order, from `words` (a Python model's reply
  //! after its own results); throws std::runtime_error if there are fewer or any is negative.
  void read(std::istream& words);

 private:
  std::vector<double> seconds_;
  double rate_ = 0;
  RequestClock::time_point origin_;
};

//! Nearest-rank percentiles of a set of latencies (the value at rank ceil(p * n) of the sorted
//! values, as HdrHistogram and wrk report them), in seconds; all zero for an empty set.
struct LatencyPercentiles {
  double p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0;
  std::size_t count = 0;
};
LatencyPercentiles latency_percentiles(std::vector<double> seconds);

//! The value at rank ceil(numerator / denominator * n) of `sorted` (ascending, not empty),
//! computed in integers so that p99.9 of 1,000 values is the 999th, never the 1,000th.
double nearest_rank(std::span<const double> sorted, std::size_t numerator, std::size_t denominator);

//! The per-request counters of one benchmark: every request of every timed call, summarised
//! once at the end. `latency_p50_s`, `latency_p90_s`, `latency_p99_s`, `latency_p999_s` and
//! `latency_max_s` (nearest rank over every request); for an open loop also `offered_rate`
//! (requests per second on the schedule), `achieved_rate` (requests completed per second, from
//! the spacing of the completions: the offered rate while the model keeps up, its capacity
//! when it does not) and `latency_p99_first_s` / `latency_p99_last_s`: p99 of the first and the last quarter
//! of the schedule, which stay alike below the model's saturation point and drift apart above
//! it, as the queue of late requests grows with time.
class LatencyCounters {
 public:
  //! Takes a finished call's latencies (throws if any request has none). Cheap enough for the
  //! timed loop: one copy of the call's latencies.
  void add(const RequestLog& log);
  std::map<std::string, double> counters() const;

 private:
  std::vector<double> all_, first_, last_;
  double rate_ = 0, completions_ = 0, completion_span_ = 0;
};

}  // namespace concbench
