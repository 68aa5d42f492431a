#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

namespace concbench {

//! This process's resident set size (VmRSS), in bytes, from /proc/self/statm.
std::int64_t resident_bytes();

//! Samples resident_bytes() every `period` on a thread of its own while it lives, for the
//! memory a run adds. RSS counts pages actually touched (heap, thread stacks, coroutine
//! frames); memory freed and kept by the allocator, or a peak shorter than `period`, does not
//! show, and other processes (workers, servers) are not counted.
class RssSampler {
 public:
  explicit RssSampler(std::chrono::milliseconds period = std::chrono::milliseconds(1));
  //! Highest RSS sampled minus RSS at construction, in bytes (0 if it never grew).
  std::int64_t peak_growth() const;

 private:
  std::int64_t start_;
  std::atomic<std::int64_t> peak_;
  std::jthread sampler_;
};

}  // namespace concbench
