#include <sys/socket.h>

#include <memory>
#include <thread>

#include "workloads/context_switch/context_switch.hpp"

namespace context_switch {
namespace {

struct SocketThread {
  SocketPair sockets;
  std::jthread partner;
  explicit SocketThread(int cpu) : partner([this, cpu] { serve_ping_pong(sockets.partner, cpu); }) {}
  ~SocketThread() { shutdown(sockets.caller, SHUT_RDWR); }  // the partner's read ends, then it is joined
};

}  // namespace

//! The process ping-pong with a thread as the partner: same socket, same system calls, one
//! address space — the difference to `process` is what switching address spaces costs.
Runner make_threads_socket() {
  const PinnedToOneCpu probe;
  auto state = std::make_shared<SocketThread>(probe.cpu());
  return [state](std::uint64_t rounds) {
    const PinnedToOneCpu pinned;
    return play_ping_pong(state->sockets.caller, rounds);
  };
}

const bool added = models().add({.name = "threads_socket",
                                  .what = "two threads on one CPU over a Unix socket pair",
                                  .make = make_threads_socket,
                                  .rounds = 2'000});

}  // namespace context_switch
