#pragma once
#include <sys/types.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace concbench {

//! A program started with posix_spawn (not fork: the benchmark process runs other threads)
//! whose standard output we read with timeouts; its standard input is a pipe that stays open
//! while this object lives, so a child that watches it can exit when we die.
class ChildProcess {
 public:
  //! Starts argv[0] (a path, or a name looked up in PATH) with the given arguments.
  explicit ChildProcess(const std::vector<std::string>& argv);
  ~ChildProcess();  // SIGTERM, then SIGKILL after a grace period; always reaped
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  //! The next line of its standard output; throws if none comes within `timeout` or it exits.
  std::string read_line(std::chrono::milliseconds timeout);
  //! Everything it writes until it exits; throws (and kills it) if that takes over `timeout`.
  std::string read_all(std::chrono::milliseconds timeout);
  //! Writes `line` and a newline to its standard input; throws if it has closed it (or exited).
  void write_line(const std::string& line);

  pid_t pid() const { return pid_; }

 private:
  bool read_some(std::chrono::steady_clock::time_point deadline);
  std::string name_;
  pid_t pid_ = -1;
  int stdout_ = -1;
  int stdin_ = -1;
  std::string received_;
};

//! Where a tool of ours lives: $<env_var> if set, else <name> next to the running executable.
std::string tool_executable(const std::string& name, const char* env_var);

}  // namespace concbench
