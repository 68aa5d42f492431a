#pragma once
// latency: `requests` simulated I/O calls that each wait `delay` (a real timer or sleep, never
// a busy loop), at most `concurrency` in flight — where concurrency hides waiting, not adds cores.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>

namespace latency {

//! What a run did: how many requests completed and the sum of their ids (0..requests-1), so a
//! lost or doubled request shows.
struct Result {
  std::uint64_t completed = 0;
  std::uint64_t id_sum = 0;
};

//! A model's way to run the requests, at most `concurrency` (given to its maker) in flight;
//! the maker does the set-up (pools, worker processes, event loops) outside the timed call.
using Runner = std::function<Result(int requests, std::chrono::milliseconds delay)>;

//! Little's law: with c requests in flight, n requests of `delay` each take ceil(n / c) delays.
inline double ideal_seconds(int requests, std::chrono::milliseconds delay, int in_flight) {
  return std::ceil(static_cast<double>(requests) / in_flight) * std::chrono::duration<double>(delay).count();
}

//! How many requests TBB really runs at once when each blocks its thread: no more than the
//! threads its scheduler may use (tbb::global_control::max_allowed_parallelism), whatever
//! concurrency was asked for.
int tbb_in_flight(int concurrency);

Runner make_serial(int concurrency);
Runner make_threads(int concurrency);
Runner make_pool(int concurrency);
Runner make_process(int concurrency);
Runner make_tbb(int concurrency);
Runner make_tbb_suspend(int concurrency);
Runner make_openmp(int concurrency);
Runner make_async(int concurrency);
Runner make_callback(int concurrency);
Runner make_future(int concurrency);

}  // namespace latency
