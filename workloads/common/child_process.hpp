#pragma once
// The one way concbench starts and stops a helper process (workers, redis-server, wrk, the
// delay server). The spawn workload measures posix_spawn and fork themselves and keeps its
// own hand-written calls.
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace concbench {

//! A program could not be started: "cannot start <program>: <why>".
class SpawnError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! Where one of a child's standard streams goes.
struct Stdio {
  enum class Kind { inherit, null, fd, file, like_stdout };
  //! The same as ours.
  static Stdio inherit() { return {.kind = Kind::inherit}; }
  //! /dev/null.
  static Stdio null() { return {.kind = Kind::null}; }
  //! A descriptor of ours (a pipe or socket end), duplicated into the child; ours stays open.
  static Stdio fd(int descriptor) { return {.kind = Kind::fd, .descriptor = descriptor}; }
  //! A log file, created if missing and appended to.
  static Stdio append_to(std::string path) { return {.kind = Kind::file, .path = std::move(path)}; }
  //! For standard error: wherever standard output goes (2>&1).
  static Stdio like_stdout() { return {.kind = Kind::like_stdout}; }

  Kind kind = Kind::inherit;
  int descriptor = -1;
  std::string path = {};
};

//! How a child is started.
struct SpawnOptions {
  Stdio in = Stdio::inherit();
  Stdio out = Stdio::inherit();
  Stdio err = Stdio::inherit();
  //! Runs it under `setpriv --pdeathsig TERM` (util-linux) where that exists: it then gets
  //! SIGTERM when the thread that started it ends — when concbench is killed, say — instead of
  //! living on as an orphan that holds a port or waits on a queue forever.
  bool die_with_parent = false;
  //! "NAME=value" entries set in its environment on top of ours (never by setenv here: other
  //! threads may be reading the environment).
  std::vector<std::string> environment = {};
};

//! A child process started with posix_spawn, never fork: the benchmark process runs TBB,
//! OpenMP and Asio threads, and a forked child gets only the calling thread, so a lock another
//! thread held (in malloc, say) would stay locked in it forever. Every wait on it is bounded;
//! the destructor terminates it (see terminate) and reaps it.
class Child {
 public:
  using Clock = std::chrono::steady_clock;

  Child() = default;  // no process
  //! Starts argv[0] (a path, or a name looked up in PATH); throws SpawnError.
  explicit Child(const std::vector<std::string>& argv, const SpawnOptions& options = {});
  ~Child() { terminate(); }
  Child(Child&& other) noexcept;
  Child& operator=(Child&& other) noexcept;  // terminates the process it held
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  //! Waits until `deadline` for it to exit by itself; its status ("exited with status 1",
  //! "killed by signal 9 (Killed)"), or nullopt while it still runs.
  std::optional<std::string> wait_until(Clock::time_point deadline);
  std::optional<std::string> wait_for(std::chrono::milliseconds timeout) { return wait_until(Clock::now() + timeout); }
  //! SIGTERM, up to `grace` for it to exit, then SIGKILL and up to `grace` again, reaping it;
  //! should even SIGKILL take longer (a process stuck in the kernel), one line on stderr names
  //! its program and pid, and it is left. Returns its status; a child already reaped is left
  //! alone.
  std::string terminate(std::chrono::milliseconds grace = std::chrono::seconds(2)) noexcept;

  pid_t pid() const { return pid_; }
  const std::string& program() const { return program_; }

 private:
  std::string program_;
  pid_t pid_ = -1;
  std::optional<std::string> status_;  // set once reaped
};

//! A program whose standard output we read with timeouts; its standard input is a pipe that
//! stays open while this object lives, so a child that watches it can exit when we die.
class ChildProcess {
 public:
  //! Starts argv[0] (a path, or a name looked up in PATH) with the given arguments.
  explicit ChildProcess(const std::vector<std::string>& argv);
  ~ChildProcess();  // closes its input, then Child::terminate
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  //! The next line of its standard output; throws if none comes within `timeout` or it exits.
  std::string read_line(std::chrono::milliseconds timeout);
  //! Everything it writes until it exits; throws if that takes over `timeout`.
  std::string read_all(std::chrono::milliseconds timeout);
  //! Writes `line` and a newline to its standard input; throws if it has closed it (or exited).
  void write_line(const std::string& line);

  pid_t pid() const { return child_.pid(); }

 private:
  bool read_some(std::chrono::steady_clock::time_point deadline);
  int stdout_ = -1;
  int stdin_ = -1;
  Child child_;
  std::string received_;
};

//! Where a tool of ours lives: $<env_var> if set, else <name> next to the running executable.
std::string tool_executable(const std::string& name, const char* env_var);

}  // namespace concbench
