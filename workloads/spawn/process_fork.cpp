#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "workloads/spawn/spawn.hpp"

namespace spawn {

//! multiprocessing's "fork" start method: the child is a copy of the parent that runs the unit
//! itself and writes the 8-byte result to a pipe — no exec, no program start-up.
Runner make_process_fork(int /*workers*/) {
  return [](std::uint64_t units) {
    std::uint64_t sum = 0;
    for (std::uint64_t i = 0; i < units; ++i) {
      Pipe from_child;
      const pid_t pid = fork();
      if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
      if (pid == 0) {  // only async-signal-safe calls: the parent has other threads
        const std::uint64_t result = unit(i);
        _exit(::write(from_child.write, &result, sizeof result) == sizeof result ? 0 : 1);
      }
      const std::string reply = collect(pid, from_child);
      if (reply.size() != sizeof(std::uint64_t)) throw std::runtime_error("forked child wrote " + std::to_string(reply.size()) + " bytes");
      std::uint64_t result = 0;
      std::memcpy(&result, reply.data(), sizeof result);
      sum += result;
    }
    return sum;
  };
}

const bool added = models().add({.name = "process_fork",
                                  .what = "fork + wait per unit, no exec (multiprocessing's \"fork\")",
                                  .make = make_process_fork,
                                  .units = 50,
                                  .starts_processes = true, .in_processes = true});

}  // namespace spawn
