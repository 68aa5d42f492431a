#include "workloads/common/redis/queue.hpp"

#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

namespace concbench::redis {
namespace {

using namespace std::chrono_literals;

// Pushes the result only if the job is still this worker's: a job reclaimed from a worker
// thought dead is counted when its new owner finishes it, not twice.
constexpr const char* finish_script =
    "if redis.call('LREM', KEYS[2], 1, ARGV[2]) == 1 then redis.call('RPUSH', KEYS[1], ARGV[1]) end return 1";

}  // namespace

int reclaim(Connection& redis, const Queue& queue, const std::string& id) {
  int moved = 0;
  while (redis.command({"LMOVE", queue.processing(id), queue.jobs(), "RIGHT", "LEFT"})) ++moved;
  redis.command({"SREM", queue.workers(), id});
  redis.command({"DEL", queue.alive(id)});
  return moved;
}

int reclaim_dead(Connection& redis, const Queue& queue) {
  int moved = 0;
  for (const auto& id : redis.strings({"SMEMBERS", queue.workers()}))
    if (redis.command({"EXISTS", queue.alive(id)}) == "0") moved += reclaim(redis, queue, id);
  return moved;
}

void serve(const std::string& url, const Queue& queue, const std::string& id,
           const std::function<std::string(const std::string& line)>& run_job) {
  Connection redis(url);
  const auto beat = [&](Connection& connection) {
    connection.command({"SET", queue.alive(id), "1", "PX", std::to_string(heartbeat_ttl.count())});  // alive before listed
    connection.command({"SADD", queue.workers(), id});
  };
  beat(redis);
  // A long job must not look like a dead worker: a second connection renews the heartbeat.
  std::jthread heartbeat([&](std::stop_token stop) {
    try {
      Connection connection(url);
      std::mutex mutex;
      std::condition_variable_any wake;
      std::unique_lock lock(mutex);
      while (!wake.wait_for(lock, stop, heartbeat_ttl / 3, [&] { return stop.stop_requested(); })) beat(connection);
    } catch (const RedisError&) {
      // the job loop meets the same failure and reports it
    }
  });
  for (;;) {
    const auto job = redis.blocking({"BLMOVE", queue.jobs(), queue.processing(id), "LEFT", "LEFT", "1"}, 1s);
    if (!job) continue;
    if (*job == "quit") {
      redis.command({"LREM", queue.processing(id), "1", "quit"});
      break;
    }
    const auto space = job->find(' ');
    const std::string reply = run_job(space == std::string::npos ? std::string{} : job->substr(space + 1));
    redis.command({"EVAL", finish_script, "2", queue.results(), queue.processing(id), job->substr(0, space) + " " + reply, *job});
  }
  heartbeat.request_stop();
  heartbeat.join();
  redis.command({"SREM", queue.workers(), id});
  redis.command({"DEL", queue.alive(id)});
}

}  // namespace concbench::redis
