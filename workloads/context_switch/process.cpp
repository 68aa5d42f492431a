#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

#include "workloads/context_switch/context_switch.hpp"

namespace context_switch {
namespace {

struct ForkedPartner {
  SocketPair sockets;
  pid_t pid = -1;
  explicit ForkedPartner(int cpu) {
    pid = fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
      close(sockets.caller);
      serve_ping_pong(sockets.partner, cpu);
      _exit(0);
    }
    sockets.close_partner();
  }
  ~ForkedPartner() {
    shutdown(sockets.caller, SHUT_RDWR);  // the child's read ends and it exits
    for (int waited = 0; waitpid(pid, nullptr, WNOHANG) == 0; ++waited) {
      if (waited == 200) kill(pid, SIGKILL);
      usleep(10'000);
    }
  }
};

}  // namespace

//! Two processes on one CPU passing a counter over a Unix socket pair (a pipe with a receive
//! timeout): each hand-over is a system call that sleeps one process and wakes the other,
//! switching address spaces too.
Runner make_process() {
  const PinnedToOneCpu probe;
  auto partner = std::make_shared<ForkedPartner>(probe.cpu());
  return [partner](std::uint64_t rounds) {
    const PinnedToOneCpu pinned;
    return play_ping_pong(partner->sockets.caller, rounds);
  };
}

const bool added = models().add({.name = "process",
                                  .what = "two processes on one CPU over a Unix socket pair",
                                  .make = make_process,
                                  .rounds = 2'000});

}  // namespace context_switch
