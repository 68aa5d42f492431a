#pragma once
// Redis as a job queue (the course's washer and dryers on a Redis list): a hiredis connection
// with timeouts, the reliable-queue operations, a redis-server of our own when none is given,
// and RedisPool — ProcessPool's interface with a Redis list between the driver and workers
// that may run on other hosts.
#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "workloads/common/process_pool.hpp"

struct redisContext;

namespace concbench::redis {

//! The server cannot be reached, did not answer within the timeout, or answered with an error.
class RedisError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! One blocking hiredis connection to redis://HOST:PORT (or HOST:PORT). Connecting and every
//! command are bounded by `timeout` (redisConnectWithTimeout, redisSetTimeout), so a dead or
//! silent server is a RedisError, never a hang; the connection is unusable after one.
class Connection {
 public:
  explicit Connection(const std::string& url, std::chrono::milliseconds timeout = std::chrono::seconds(2));
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  //! Runs one command. Nil is nullopt; an integer comes back as its decimal text, a string or
  //! status as itself, an array as its last element (BLPOP's value).
  std::optional<std::string> command(const std::vector<std::string>& args);
  //! A command the server may hold for up to `block` (BLMOVE, BLPOP): the I/O timeout grows
  //! by that much for this one call.
  std::optional<std::string> blocking(const std::vector<std::string>& args, std::chrono::milliseconds block);
  //! A command whose reply is an array of strings (SMEMBERS, LRANGE).
  std::vector<std::string> strings(const std::vector<std::string>& args);

  const std::string& url() const { return url_; }

 private:
  void* run(const std::vector<std::string>& args);  // a redisReply*, errors thrown

  redisContext* context_ = nullptr;
  std::string url_;
  std::chrono::milliseconds timeout_;
};

//! The keys of the reliable queue `name`: jobs wait on <name>:jobs; a worker moves the one it
//! runs to <name>:processing:<id> (BLMOVE) and, when done, pushes "<job-id> ok <value>" to
//! <name>:results and removes the job in one step (a Lua script), so a job is in exactly one
//! list at any time. A live worker keeps <name>:alive:<id> from expiring; the jobs of a worker
//! whose key expired (or whose process died) are moved back to <name>:jobs.
struct Queue {
  std::string name;
  std::string jobs() const { return name + ":jobs"; }
  std::string results() const { return name + ":results"; }
  std::string workers() const { return name + ":workers"; }
  std::string processing(const std::string& id) const { return name + ":processing:" + id; }
  std::string alive(const std::string& id) const { return name + ":alive:" + id; }
};

//! How long a worker's heartbeat key lives without renewal; it is renewed every third of this.
inline constexpr std::chrono::milliseconds heartbeat_ttl{1500};

//! Moves worker `id`'s unfinished jobs back to the head of the job list and forgets the worker;
//! returns how many jobs were put back.
int reclaim(Connection& redis, const Queue& queue, const std::string& id);
//! reclaim() for every registered worker whose heartbeat key has expired.
int reclaim_dead(Connection& redis, const Queue& queue);

//! The worker loop of `concbench_worker --redis URL`: registers as `id`, then takes jobs
//! ("<job-id> <job line>") with BLMOVE, runs `run_job` on the line (it returns "ok <value>" or
//! "error <why>"), and finishes each one, until a "quit" message arrives. Throws RedisError
//! when the server goes away.
void serve(const std::string& url, const Queue& queue, const std::string& id,
           const std::function<std::string(const std::string& line)>& run_job);

//! A redis-server of our own: 127.0.0.1, a free ephemeral port (redis-server has no --port 0),
//! no persistence, a temporary directory; started and answering PING (or a RedisError) when
//! the constructor returns, stopped and its directory removed by the destructor.
class EmbeddedServer {
 public:
  EmbeddedServer();
  ~EmbeddedServer();
  EmbeddedServer(const EmbeddedServer&) = delete;
  EmbeddedServer& operator=(const EmbeddedServer&) = delete;
  const std::string& url() const { return url_; }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::string directory_;
  std::string url_;
};

//! $CONCBENCH_REDIS_URL if set, else the URL of one EmbeddedServer per process, started on
//! first use and stopped at exit.
std::string server_url();

//! The ProcessPool of the redis model: jobs go to a Redis list and come back on another.
//! Workers are `concbench_worker --redis URL --queue NAME --id ID` processes started here, or,
//! with CONCBENCH_REDIS_WORKERS=external, started by hand anywhere that reaches the server
//! (they then listen on queue $CONCBENCH_REDIS_QUEUE, default "concbench"). A local worker
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
    pid_t pid = -1;
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
