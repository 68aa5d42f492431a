#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

namespace concbench {

//! This process's resident set size (VmRSS), in bytes, from /proc/self/statm.
std::int64_t resident_bytes();

//! Bytes the allocator has handed out and not had back (mallinfo2: in-use blocks + mmapped;
//! under AddressSanitizer, its allocator's count).
std::int64_t heap_in_use_bytes();

//! Samples resident_bytes() and heap_in_use_bytes() every `period` on a thread of its own
//! while it lives, for the memory a run adds. Heap in use counts coroutine frames, timers and
//! futures exactly, but not thread stacks (mmapped by pthreads); RSS counts touched stack pages
//! too, but not memory the allocator reuses from earlier runs. Each is a lower bound, so the
//! larger growth is reported. A peak shorter than `period` can be missed, and other processes
//! (workers, servers) are not counted.
class MemorySampler {
 public:
  explicit MemorySampler(std::chrono::milliseconds period = std::chrono::milliseconds(1));
  //! The larger of peak RSS growth and peak heap-in-use growth since construction, in bytes.
  std::int64_t peak_growth() const;

 private:
  void sample();
  const std::int64_t start_rss_, start_heap_;
  std::atomic<std::int64_t> peak_rss_, peak_heap_;
  std::jthread sampler_;
};

}  // namespace concbench
