#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "workloads/common/process_pool.hpp"
#include "workloads/spawn/spawn.hpp"

extern char** environ;

namespace spawn {

//! fork() then exec of the same worker: fork copies the parent's page tables first, so its
//! cost grows with the parent's resident heap, which posix_spawn avoids.
Runner make_process_fork_exec(int /*workers*/) {
  const std::string path = concbench::worker_executable();
  return [path](std::uint64_t units) {
    std::uint64_t sum = 0;
    for (std::uint64_t i = 0; i < units; ++i) {
      Pipe to_child, from_child;
      char* argv[] = {const_cast<char*>(path.c_str()), nullptr};
      const pid_t pid = fork();
      if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
      if (pid == 0) {  // only async-signal-safe calls: the parent has other threads
        dup2(to_child.read, STDIN_FILENO);
        dup2(from_child.write, STDOUT_FILENO);
        execve(path.c_str(), argv, environ);
        _exit(127);
      }
      sum += ask_worker(pid, to_child, from_child, i);
    }
    return sum;
  };
}

const bool added = models().add({.name = "process_fork_exec",
                                  .what = "fork + exec + wait per unit: page tables copied first",
                                  .make = make_process_fork_exec,
                                  .units = 20,
                                  .starts_processes = true, .in_processes = true});

}  // namespace spawn
