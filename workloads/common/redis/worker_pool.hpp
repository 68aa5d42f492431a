#pragma once
// RedisPool: ProcessPool's interface with a Redis list between the driver and workers that
// may run on other hosts.
#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "workloads/common/child_process.hpp"
#include "workloads/common/process_pool.hpp"
#include "workloads/common/redis/connection.hpp"
#include "workloads/common/redis/queue.hpp"

namespace concbench::redis {

//! The ProcessPool of the redis model: jobs go to a Redis list and come back on another.
//! Workers are `concbench_worker --redis --queue NAME` processes started here, the URL in their
//! environment (CONCBENCH_REDIS_URL), never on their command line; or, with
//! CONCBENCH_REDIS_WORKERS=external, started by hand anywhere that reaches the server (they
//! then listen on queue $CONCBENCH_REDIS_QUEUE, default "concbench"). A local worker
//! that dies is replaced and its job put back; an external one's job is put back once its
//! heartbeat expires. Each job is counted once, whatever happens.
class RedisPool {
 public:
  using Clock = std::chrono::steady_clock;

  //! Starts `workers` local workers (none when external) and waits until each has registered.
  //! `no_progress_timeout` bounds how long map() waits without any job finishing.
  explicit RedisPool(int workers, std::chrono::milliseconds no_progress_timeout = std::chrono::minutes(5));
  ~RedisPool();
  RedisPool(const RedisPool&) = delete;
  RedisPool& operator=(const RedisPool&) = delete;

  //! Runs the jobs and returns their values in job order; throws WorkerError when a job
  //! reports an error or nothing finishes within the timeout, RedisError when the server fails.
  std::vector<std::string> map(const std::vector<std::string>& jobs);
  //! Like map, calling on_done(job index, value) as each job completes.
  std::vector<std::string> map(const std::vector<std::string>& jobs,
                               const std::function<void(std::size_t, const std::string&)>& on_done);

  //! Process ids of the local workers now running (replacements included).
  std::vector<pid_t> pids() const;
  const Queue& queue() const { return queue_; }
  //! Jobs put back on the list because their worker died, since the pool started.
  int reclaimed() const { return reclaimed_; }

 private:
  struct Worker {
    Child process;
    std::string id;
  };
  Worker spawn();
  int replace_dead_workers();

  std::string url_;
  Queue queue_;
  Connection driver_;
  std::vector<Worker> workers_;
  std::chrono::milliseconds timeout_;
  bool external_ = false;
  int spawned_ = 0;
  int runs_ = 0;
  int reclaimed_ = 0;
};

}  // namespace concbench::redis
