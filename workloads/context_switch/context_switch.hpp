#pragma once
// context_switch: two units hand a counter back and forth `rounds` times; each hand-over is one
// switch from one unit to the other. Threads and processes are pinned to one CPU, so that every
// hand-over is a real switch on that CPU and not two cores passing a cache line.
#include <sched.h>

#include <cstdint>
#include <functional>

namespace context_switch {

//! A model's way to play `rounds` rounds of ping-pong (two switches each); returns the number
//! of hand-overs seen, which must be 2 * rounds. The maker starts the partner (thread, process)
//! outside the timed call.
using Runner = std::function<std::uint64_t(std::uint64_t rounds)>;

Runner make_threads();         // two threads, two std::binary_semaphore (futex)
Runner make_threads_socket();  // two threads over a Unix socket pair: like process, one address space
Runner make_process();         // two processes over a Unix socket pair
Runner make_coroutine();       // two bare C++20 coroutines, symmetric transfer
Runner make_async();           // two Asio coroutines yielding to each other through the event loop

//! Pins the calling thread to one CPU (the first it may use) for its lifetime, then restores
//! the previous affinity.
class PinnedToOneCpu {
 public:
  PinnedToOneCpu() {
    sched_getaffinity(0, sizeof previous_, &previous_);
    for (cpu_ = 0; cpu_ < CPU_SETSIZE && !CPU_ISSET(cpu_, &previous_); ++cpu_) {}
    pin(cpu_);
  }
  ~PinnedToOneCpu() { sched_setaffinity(0, sizeof previous_, &previous_); }
  PinnedToOneCpu(const PinnedToOneCpu&) = delete;
  PinnedToOneCpu& operator=(const PinnedToOneCpu&) = delete;
  int cpu() const { return cpu_; }

  //! Pins the calling thread to `cpu`; only a system call, so a forked child may use it.
  static void pin(int cpu) {
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    sched_setaffinity(0, sizeof one, &one);
  }

 private:
  cpu_set_t previous_{};
  int cpu_ = 0;
};

}  // namespace context_switch
