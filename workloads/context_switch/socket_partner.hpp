#pragma once
// The partner of the socket ping-pongs, shared by threads_socket and process: it reads an
// 8-byte counter, adds one and writes it back until its end of the socket pair closes. It uses
// only read, write and sched_setaffinity, so a child forked from a threaded parent may run it.
#include <unistd.h>

#include <cstdint>

#include "workloads/context_switch/context_switch.hpp"

namespace context_switch {

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
