#include <thread>

#include "workloads/latency/latency.hpp"

namespace latency {

//! The baseline: one request after another on the calling thread, each a blocking sleep.
Runner make_serial(int /*concurrency*/) {
  return [](std::chrono::milliseconds delay, concbench::RequestLog& log) {
    Result result;
    for (int id = 0; id < log.requests(); ++id) {
      const auto due = log.due(id);
      std::this_thread::sleep_for(delay);
      log.done(id, due);
      ++result.completed;
      result.id_sum += static_cast<std::uint64_t>(id);
    }
    return result;
  };
}

int one_at_a_time(int /*concurrency*/) { return 1; }

const bool added = models().add({.name = "serial",
                                  .what = "one request after another on the calling thread",
                                  .make = make_serial,
                                  .in_flight = one_at_a_time,
                                  .max_concurrency = 1,
                                  .baseline = true});

}  // namespace latency
