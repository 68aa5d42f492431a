#pragma once
#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "workloads/common/child_process.hpp"

namespace concbench {

//! A worker process died, stopped answering within its timeout, or answered with an error.
class WorkerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! The least time a pool gives its workers to start: a start is not a job, and a worker built
//! with AddressSanitizer takes most of a second to start, longer than a short job timeout.
inline constexpr std::chrono::seconds worker_start_timeout{10};

//! Path of the worker executable: $CONCBENCH_WORKER if set, else concbench_worker next to
//! the running executable.
std::string worker_executable();

//! A fixed set of worker processes (tools/concbench_worker), the multiprocessing.Pool analogue.
//! Each worker is a Child (posix_spawn, not fork) that talks over one Unix socket: a job is one
//! text line, its reply one line, "ok <value>" or "error <why>".
class ProcessPool {
 public:
  using Clock = std::chrono::steady_clock;

  //! Starts `workers` processes and waits until each answers a ping, up to the longer of
  //! `job_timeout` and worker_start_timeout. `environment` (NAME=VALUE entries) is for what
  //! their jobs need and must not carry: a job's text is quoted in errors, a password never is.
  explicit ProcessPool(int workers, std::chrono::milliseconds job_timeout = std::chrono::minutes(5),
                       const std::vector<std::string>& environment = {});
  ~ProcessPool();
  ProcessPool(const ProcessPool&) = delete;
  ProcessPool& operator=(const ProcessPool&) = delete;

  //! Runs each job on the next idle worker (chunksize 1) and returns the values in job order.
  //! Throws WorkerError if a worker dies, exceeds the job timeout or reports an error; the
  //! pool is unusable after that.
  std::vector<std::string> map(const std::vector<std::string>& jobs);

  //! Like map, and calls on_done(job index, value) as each job completes: as_completed order;
  //! on_sent(job index), if given, just before a job is sent to its worker.
  std::vector<std::string> map(const std::vector<std::string>& jobs,
                               const std::function<void(std::size_t, const std::string&)>& on_done,
                               const std::function<void(std::size_t)>& on_sent = {});

  //! Process ids of the workers, in start order.
  std::vector<pid_t> pids() const;
  int size() const { return static_cast<int>(workers_.size()); }

 private:
  struct Worker {
    Child process;
    int socket = -1;
    std::string received;  // bytes read but not yet a whole line
    std::ptrdiff_t job = -1;  // index of the job it runs, -1 when idle
    Clock::time_point deadline{};
  };

  void send(Worker& worker, const std::string& line, std::ptrdiff_t job);
  [[noreturn]] void fail(Worker& worker, const std::string& what, const std::string& job);
  void stop_all() noexcept;

  std::vector<Worker> workers_;
  std::chrono::milliseconds timeout_;
  bool broken_ = false;
};

}  // namespace concbench
