// context_switch's shared code: the caller's side of the socket ping-pong, and the model table.
#include "workloads/context_switch/context_switch.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace context_switch {

SocketPair::SocketPair() {
  int ends[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) throw std::runtime_error(std::string("socketpair: ") + std::strerror(errno));
  caller = ends[0], partner = ends[1];
  const timeval timeout{10, 0};
  setsockopt(caller, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
}

SocketPair::~SocketPair() {
  if (caller >= 0) close(caller);
  close_partner();
}

void SocketPair::close_partner() {
  if (partner >= 0) close(partner), partner = -1;
}

std::uint64_t play_ping_pong(int socket, std::uint64_t rounds) {
  std::uint64_t counter = 0;
  for (std::uint64_t round = 0; round < rounds; ++round) {
    ++counter;
    if (::write(socket, &counter, sizeof counter) != sizeof counter)
      throw std::runtime_error(std::string("ping-pong partner gone: ") + std::strerror(errno));
    const std::uint64_t sent = counter;
    if (::read(socket, &counter, sizeof counter) != sizeof counter)
      throw std::runtime_error(std::string("ping-pong partner gave no answer: ") + std::strerror(errno));
    if (counter != sent + 1) throw std::runtime_error("ping-pong partner miscounted");
  }
  return counter;
}

concbench::ModelTable<Model>& models() {
  static concbench::ModelTable<Model> table("context_switch");
  return table;
}

}  // namespace context_switch
