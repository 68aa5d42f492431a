#include "workloads/common/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>
#include <utility>

extern char** environ;

namespace concbench {

ChildProcess::ChildProcess(const std::vector<std::string>& argv) : name_(argv.at(0)) {
  int out[2], in[2];
  if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe: " + std::string(std::strerror(errno)));
  if (pipe2(in, O_CLOEXEC) != 0) {
    close(out[0]), close(out[1]);
    throw std::runtime_error("pipe: " + std::string(std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  const int spawned = posix_spawnp(&pid_, name_.c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  close(in[0]);
  stdout_ = out[0];
  stdin_ = in[1];
  if (spawned != 0) {
    close(stdout_), close(stdin_);
    throw std::runtime_error("cannot start " + name_ + ": " + std::strerror(spawned));
  }
}

ChildProcess::~ChildProcess() {
  close(stdin_);
  close(stdout_);
  kill(pid_, SIGTERM);
  int status = 0;
  for (int waited_ms = 0; waitpid(pid_, &status, WNOHANG) == 0; waited_ms += 5) {
    if (waited_ms == 2000) kill(pid_, SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

bool ChildProcess::read_some(std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) throw std::runtime_error(name_ + " (pid " + std::to_string(pid_) + ") wrote nothing in time");
    pollfd fd{stdout_, POLLIN, 0};
    const int ready = poll(&fd, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    char buffer[4096];
    const ssize_t n = read(stdout_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;  // end of output: it exited or closed it
    received_.append(buffer, static_cast<std::size_t>(n));
    return true;
  }
}

std::string ChildProcess::read_line(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (const auto newline = received_.find('\n'); newline != std::string::npos) {
      std::string line = received_.substr(0, newline);
      received_.erase(0, newline + 1);
      return line;
    }
    if (!read_some(deadline)) throw std::runtime_error(name_ + " exited before writing a line");
  }
}

std::string ChildProcess::read_all(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (read_some(deadline)) {
  }
  return std::exchange(received_, {});
}

void ChildProcess::write_line(const std::string& line) {
  // A child that exited turns the write into SIGPIPE, which would end this process: block it
  // on this thread for the write, and take back the one the failed write raised.
  sigset_t pipe_signal, previous;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, &previous);
  const std::string message = line + "\n";
  int error = 0;
  for (std::size_t sent = 0; sent < message.size() && error == 0;) {
    const ssize_t n = write(stdin_, message.data() + sent, message.size() - sent);
    if (n >= 0) sent += static_cast<std::size_t>(n);
    else if (errno != EINTR) error = errno;
  }
  if (error == EPIPE) {
    const timespec now{0, 0};
    sigtimedwait(&pipe_signal, nullptr, &now);
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  if (error != 0)
    throw std::runtime_error(name_ + " (pid " + std::to_string(pid_) + ") takes no more input: " + std::strerror(error));
}

std::string tool_executable(const std::string& name, const char* env_var) {
  if (const char* path = std::getenv(env_var); path && *path) return path;
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  const auto path = self.parent_path() / name;
  if (error || !std::filesystem::exists(path))
    throw std::runtime_error(name + " not found next to " + self.string() + "; build it or set " + env_var);
  return path.string();
}

}  // namespace concbench
