#include <sys/socket.h>

#include <memory>
#include <string>

#include "workloads/common/child_process.hpp"
#include "workloads/common/process_pool.hpp"
#include "workloads/context_switch/context_switch.hpp"

namespace context_switch {
namespace {

//! The partner process: concbench_worker --ping-pong CPU, started with posix_spawn (never fork:
//! this process runs other threads) with its end of the socket pair as standard input.
struct PartnerProcess {
  SocketPair sockets;
  concbench::Child child;
  explicit PartnerProcess(int cpu)
      : child({concbench::worker_executable(), "--ping-pong", std::to_string(cpu)},
              {.in = concbench::Stdio::fd(sockets.partner)}) {
    sockets.close_partner();
  }
  ~PartnerProcess() { shutdown(sockets.caller, SHUT_RDWR); }  // its read ends and it exits; Child reaps it
};

}  // namespace

//! Two processes on one CPU passing a counter over a Unix socket pair (a pipe with a receive
//! timeout): each hand-over is a system call that sleeps one process and wakes the other,
//! switching address spaces too.
Runner make_process() {
  const PinnedToOneCpu probe;
  auto partner = std::make_shared<PartnerProcess>(probe.cpu());
  return [partner](std::uint64_t rounds) {
    const PinnedToOneCpu pinned;
    return play_ping_pong(partner->sockets.caller, rounds);
  };
}

const bool added = models().add({.name = "process",
                                  .what = "two processes on one CPU over a Unix socket pair",
                                  .make = make_process,
                                  .rounds = 2'000, .in_processes = true});

}  // namespace context_switch
