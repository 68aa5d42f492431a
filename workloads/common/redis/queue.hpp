#pragma once
// Redis as a reliable job queue (the course's washer and dryers on a Redis list): its keys,
// putting a dead worker's jobs back, and the loop a worker runs.
#include <chrono>
#include <functional>
#include <string>

#include "workloads/common/redis/connection.hpp"

namespace concbench::redis {

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

//! The worker loop of `concbench_worker --redis`: registers as `id`, then takes jobs
//! ("<job-id> <job line>") with BLMOVE, runs `run_job` on the line (it returns "ok <value>" or
//! "error <why>"), and finishes each one, until a "quit" message arrives. Throws RedisError
//! when the server goes away.
void serve(const std::string& url, const Queue& queue, const std::string& id,
           const std::function<std::string(const std::string& line)>& run_job);

}  // namespace concbench::redis
