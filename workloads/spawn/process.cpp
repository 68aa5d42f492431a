#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "workloads/common/process_pool.hpp"
#include "workloads/spawn/spawn.hpp"

extern char** environ;

namespace spawn {
namespace {

constexpr int reply_timeout_ms = 10'000;

struct Pipe {
  int read = -1, write = -1;
  Pipe() {
    int ends[2];
    if (pipe2(ends, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    read = ends[0], write = ends[1];
  }
  ~Pipe() { close_read(), close_write(); }
  void close_read() { if (read >= 0) close(read), read = -1; }
  void close_write() { if (write >= 0) close(write), write = -1; }
};

//! Everything the child writes until it closes its end, or an error after the timeout; then
//! the child is reaped and must have exited with status 0.
std::string collect(pid_t pid, Pipe& from_child) {
  from_child.close_write();
  std::string reply;
  char buffer[256];
  bool timed_out = false;
  for (;;) {
    pollfd ready{from_child.read, POLLIN, 0};
    const int polled = poll(&ready, 1, reply_timeout_ms);
    if (polled < 0 && errno == EINTR) continue;
    if (polled <= 0) {
      kill(pid, SIGKILL);
      timed_out = true;
      break;
    }
    const ssize_t n = ::read(from_child.read, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    reply.append(buffer, static_cast<std::size_t>(n));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  if (timed_out) throw std::runtime_error("child process " + std::to_string(pid) + " gave no answer within " + std::to_string(reply_timeout_ms) + " ms");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("child process " + std::to_string(pid) + " failed (status " + std::to_string(status) + "), it wrote '" + reply + "'");
  return reply;
}

//! Sends the unit to a freshly started concbench_worker as "cpu_sum i i+1" and reads its
//! "ok <value>"; the worker exits when its input ends.
std::uint64_t ask_worker(pid_t pid, Pipe& to_child, Pipe& from_child, std::uint64_t i) {
  to_child.close_read();
  const std::string job = "cpu_sum " + std::to_string(i) + " " + std::to_string(i + 1) + "\n";
  const bool sent = ::write(to_child.write, job.data(), job.size()) == static_cast<ssize_t>(job.size());
  to_child.close_write();
  const std::string reply = collect(pid, from_child);
  if (!sent || reply.rfind("ok ", 0) != 0) throw std::runtime_error("worker answered '" + reply + "' to " + job);
  return std::stoull(reply.substr(3));
}

}  // namespace

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

}  // namespace spawn
