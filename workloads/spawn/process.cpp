#include <spawn.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <string>

#include "workloads/common/process_pool.hpp"
#include "workloads/spawn/spawn.hpp"

extern char** environ;

namespace spawn {

//! subprocess.Popen on Linux: posix_spawn (vfork-like, no page-table copy) + exec of
//! concbench_worker, one unit over a pipe, then wait — the full cost of a new process.
Runner make_process(int /*workers*/) {
  const std::string path = concbench::worker_executable();
  return [path](std::uint64_t units) {
    std::uint64_t sum = 0;
    for (std::uint64_t i = 0; i < units; ++i) {
      Pipe to_child, from_child;
      posix_spawn_file_actions_t actions;
      posix_spawn_file_actions_init(&actions);
      posix_spawn_file_actions_adddup2(&actions, to_child.read, STDIN_FILENO);
      posix_spawn_file_actions_adddup2(&actions, from_child.write, STDOUT_FILENO);
      char* argv[] = {const_cast<char*>(path.c_str()), nullptr};
      pid_t pid = -1;
      const int failed = posix_spawn(&pid, path.c_str(), &actions, nullptr, argv, environ);
      posix_spawn_file_actions_destroy(&actions);
      if (failed) throw std::runtime_error("cannot start " + path + ": " + std::strerror(failed));
      sum += ask_worker(pid, to_child, from_child, i);
    }
    return sum;
  };
}

const bool added = models().add({.name = "process",
                                  .what = "posix_spawn + exec of concbench_worker + wait per unit (subprocess.Popen)",
                                  .make = make_process,
                                  .units = 20,
                                  .starts_processes = true, .in_processes = true});

}  // namespace spawn
