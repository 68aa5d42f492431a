#include "workloads/common/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <thread>

extern char** environ;

namespace concbench {
namespace {

bool is_executable_file(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && access(path.c_str(), X_OK) == 0;
}

//! The path posix_spawn is given for `program`: itself if it names a path, else the first
//! match in $PATH. Checked here, so that a missing program is a SpawnError even when it would
//! be started under setpriv (which would only fail after the spawn succeeded).
std::string resolve(const std::string& program) {
  if (program.find('/') != std::string::npos) {
    if (access(program.c_str(), X_OK) != 0) throw SpawnError("cannot start " + program + ": " + std::strerror(errno));
    return program;
  }
  const char* variable = std::getenv("PATH");
  const std::string_view search = variable && *variable ? variable : "/usr/local/bin:/usr/bin:/bin";
  for (std::size_t start = 0; start <= search.size();) {
    const std::size_t end = std::min(search.find(':', start), search.size());
    const std::string directory(search.substr(start, end - start));
    const std::string candidate = (directory.empty() ? "." : directory) + "/" + program;
    if (is_executable_file(candidate)) return candidate;
    start = end + 1;
  }
  throw SpawnError("cannot start " + program + ": not found in PATH");
}

void redirect(posix_spawn_file_actions_t& actions, const Stdio& stdio, int target) {
  const int open_flags = target == STDIN_FILENO ? O_RDONLY : O_WRONLY | O_CREAT | O_APPEND;
  switch (stdio.kind) {
    case Stdio::Kind::inherit:
      break;
    case Stdio::Kind::null:
      posix_spawn_file_actions_addopen(&actions, target, "/dev/null", open_flags, 0);
      break;
    case Stdio::Kind::fd:
      posix_spawn_file_actions_adddup2(&actions, stdio.descriptor, target);
      break;
    case Stdio::Kind::file:
      posix_spawn_file_actions_addopen(&actions, target, stdio.path.c_str(), open_flags, 0644);
      break;
    case Stdio::Kind::like_stdout:
      posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, target);
      break;
  }
}

std::string describe(int status) {
  if (WIFSIGNALED(status))
    return "killed by signal " + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
  return "exited with status " + std::to_string(WEXITSTATUS(status));
}

}  // namespace

Child::Child(const std::vector<std::string>& argv, const SpawnOptions& options) : program_(argv.at(0)) {
  std::vector<std::string> args = argv;
  args.front() = resolve(program_);
  static const bool have_setpriv = is_executable_file("/usr/bin/setpriv");
  if (options.die_with_parent && have_setpriv) args.insert(args.begin(), {"/usr/bin/setpriv", "--pdeathsig", "TERM", "--"});
  std::vector<char*> pointers;
  for (auto& arg : args) pointers.push_back(arg.data());
  pointers.push_back(nullptr);

  std::vector<std::string> variables = options.environment;
  std::vector<char*> environment;
  if (!variables.empty()) {
    for (char** entry = environ; *entry; ++entry) {
      const std::string_view name(*entry, std::strcspn(*entry, "="));
      const bool replaced = std::any_of(variables.begin(), variables.end(), [name](const std::string& variable) {
        return variable.size() > name.size() && variable.compare(0, name.size(), name) == 0 && variable[name.size()] == '=';
      });
      if (!replaced) environment.push_back(*entry);
    }
    for (auto& variable : variables) environment.push_back(variable.data());
    environment.push_back(nullptr);
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  redirect(actions, options.in, STDIN_FILENO);
  redirect(actions, options.out, STDOUT_FILENO);
  redirect(actions, options.err, STDERR_FILENO);
  const int failed = posix_spawn(&pid_, pointers.front(), &actions, nullptr, pointers.data(), variables.empty() ? environ : environment.data());
  posix_spawn_file_actions_destroy(&actions);
  if (failed != 0) {
    pid_ = -1;
    throw SpawnError("cannot start " + program_ + ": " + std::strerror(failed));
  }
}

Child::Child(Child&& other) noexcept
    : program_(std::move(other.program_)),
      pid_(std::exchange(other.pid_, -1)),
      status_(std::exchange(other.status_, std::nullopt)) {}

Child& Child::operator=(Child&& other) noexcept {
  if (this != &other) {
    terminate();
    program_ = std::move(other.program_);
    pid_ = std::exchange(other.pid_, -1);
    status_ = std::exchange(other.status_, std::nullopt);
  }
  return *this;
}

std::optional<std::string> Child::wait_until(Clock::time_point deadline) {
  if (status_ || pid_ <= 0) return status_.value_or("not started");
  for (;;) {
    int status = 0;
    const pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) return status_ = describe(status);
    if (done < 0 && errno != EINTR) return status_ = "gone (reaped elsewhere)";
    const auto now = Clock::now();
    if (now >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::min<Clock::duration>(std::chrono::milliseconds(5), deadline - now));
  }
}

std::string Child::terminate(std::chrono::milliseconds grace) noexcept {
  if (status_ || pid_ <= 0) return status_.value_or("not started");
  for (const int signal : {SIGTERM, SIGKILL}) {
    kill(pid_, signal);
    if (auto status = wait_for(grace)) return *status;
  }
  std::fprintf(stderr, "concbench: %s (pid %d) still runs %lld ms after SIGKILL; left unreaped\n", program_.c_str(),
               static_cast<int>(pid_), static_cast<long long>(grace.count()));
  return *(status_ = "survived SIGKILL");
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv) {
  int out[2], in[2];
  if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe: " + std::string(std::strerror(errno)));
  if (pipe2(in, O_CLOEXEC) != 0) {
    close(out[0]), close(out[1]);
    throw std::runtime_error("pipe: " + std::string(std::strerror(errno)));
  }
  try {
    child_ = Child(argv, {.in = Stdio::fd(in[0]), .out = Stdio::fd(out[1])});
  } catch (...) {
    close(out[0]), close(out[1]), close(in[0]), close(in[1]);
    throw;
  }
  close(out[1]);
  close(in[0]);
  stdout_ = out[0];
  stdin_ = in[1];
}

ChildProcess::~ChildProcess() {
  close(stdin_);
  close(stdout_);
  child_.terminate();
}

bool ChildProcess::read_some(std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) throw std::runtime_error(child_.program() + " (pid " + std::to_string(pid()) + ") wrote nothing in time");
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
    if (!read_some(deadline)) throw std::runtime_error(child_.program() + " exited before writing a line");
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
    throw std::runtime_error(child_.program() + " (pid " + std::to_string(child_.pid()) + ") takes no more input: " + std::strerror(error));
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
