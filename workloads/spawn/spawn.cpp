// spawn's shared code: how the process models hand a unit to a child and read its answer, and
// the model table. The spawning itself — posix_spawn, fork, fork + exec — is what those models
// measure, so each writes it out in its own file.
#include "workloads/spawn/spawn.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace spawn {

namespace {
constexpr int reply_timeout_ms = 10'000;

}  // namespace

Pipe::Pipe() {
  int ends[2];
  if (pipe2(ends, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  read = ends[0], write = ends[1];
}

Pipe::~Pipe() { close_read(), close_write(); }

void Pipe::close_read() {
  if (read >= 0) close(read), read = -1;
}

void Pipe::close_write() {
  if (write >= 0) close(write), write = -1;
}

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

std::uint64_t ask_worker(pid_t pid, Pipe& to_child, Pipe& from_child, std::uint64_t i) {
  to_child.close_read();
  const std::string job = "cpu_sum " + std::to_string(i) + " " + std::to_string(i + 1) + "\n";
  const bool sent = ::write(to_child.write, job.data(), job.size()) == static_cast<ssize_t>(job.size());
  to_child.close_write();
  const std::string reply = collect(pid, from_child);
  if (!sent || reply.rfind("ok ", 0) != 0) throw std::runtime_error("worker answered '" + reply + "' to " + job);
  return std::stoull(reply.substr(3));
}


concbench::ModelTable<Model>& models() {
  static concbench::ModelTable<Model> table("spawn");
  return table;
}

}  // namespace spawn
