#pragma once
// context_switch: two units hand a counter back and forth `rounds` times; each hand-over is one
// switch from one unit to the other. Threads and processes are pinned to one CPU, so that every
// hand-over is a real switch on that CPU and not two cores passing a cache line.
#include <sched.h>
#include <unistd.h>

#include <cstdint>
#include <functional>
#include <ostream>

#include "workloads/common/model_table.hpp"

namespace context_switch {

//! A model's way to play `rounds` rounds of ping-pong (two switches each); returns the number
//! of hand-overs seen, which must be 2 * rounds. The maker starts the partner (thread, process)
//! outside the timed call.
using Runner = std::function<std::uint64_t(std::uint64_t rounds)>;

//! One row of the model table: a model of context_switch and what the harness needs to know.
struct Model {
  const char* name;
  const char* what;                // one line for the docs
  Runner (*make)();
  std::int64_t rounds;             // per timed call in the quick and full suites: a few milliseconds
  bool baseline = false;
  bool in_processes = false;       // its work runs in other processes (worker processes, interpreters)

  friend void PrintTo(const Model& model, std::ostream* out) { *out << model.name; }  // GoogleTest shows rows so
};

//! Every model of context_switch; each model file adds its row.
concbench::ModelTable<Model>& models();

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

//! The partner of the socket ping-pongs, shared by threads_socket and process: it reads an
//! 8-byte counter, adds one and writes it back until its end of the socket pair closes. It uses
//! only read, write and sched_setaffinity, so a child forked from a threaded parent may run it.
inline void serve_ping_pong(int socket, int cpu) {
  PinnedToOneCpu::pin(cpu);
  std::uint64_t counter = 0;
  while (::read(socket, &counter, sizeof counter) == sizeof counter) {
    ++counter;
    if (::write(socket, &counter, sizeof counter) != sizeof counter) return;
  }
}

//! The caller's side: `rounds` round trips, each adding one on either side; throws if the
//! partner stops answering (a receive timeout on `socket`) or miscounts.
std::uint64_t play_ping_pong(int socket, std::uint64_t rounds);

//! A Unix stream socket pair; the caller's end gets a 10-second receive timeout.
struct SocketPair {
  int caller = -1, partner = -1;
  SocketPair();
  ~SocketPair();
  void close_partner();
};

}  // namespace context_switch
