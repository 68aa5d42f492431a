#include <thread>

#include "workloads/latency/latency.hpp"

namespace latency {

//! The baseline: one request after another on the calling thread, each a blocking sleep.
Runner make_serial(int /*concurrency*/) {
  return [](int requests, std::chrono::milliseconds delay) {
    Result result;
    for (int id = 0; id < requests; ++id) {
      std::this_thread::sleep_for(delay);
      ++result.completed;
      result.id_sum += static_cast<std::uint64_t>(id);
    }
    return result;
  };
}

}  // namespace latency
