#include "workloads/common/redis/worker_pool.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <thread>

#include "workloads/common/redis/embedded_server.hpp"

namespace concbench::redis {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

std::string host_name() {
  char name[256] = {};
  gethostname(name, sizeof name - 1);
  return name;
}

}  // namespace

RedisPool::RedisPool(int workers, milliseconds no_progress_timeout)
    : url_(server_url()), driver_(url_), timeout_(no_progress_timeout) {
  const char* mode = std::getenv("CONCBENCH_REDIS_WORKERS");
  const std::string where = mode ? mode : "";
  if (where == "external") {
    external_ = true;
    const char* name = std::getenv("CONCBENCH_REDIS_QUEUE");
    queue_.name = name && *name ? name : "concbench";
    return;
  }
  if (!where.empty() && where != "local")
    throw WorkerError("CONCBENCH_REDIS_WORKERS must be 'local' or 'external', not '" + where + "'");
  static std::atomic<int> pools{0};
  queue_.name = "concbench:" + std::to_string(getpid()) + ":" + std::to_string(++pools);
  // Should this throw, the workers started so far are terminated with workers_.
  for (int i = 0; i < std::max(1, workers); ++i) workers_.push_back(spawn());
  const auto until = Clock::now() + 10s;
  while (driver_.command({"SCARD", queue_.workers()}) != std::to_string(workers_.size())) {
    for (auto& worker : workers_)
      if (const auto status = worker.process.wait_for(0ms))
        throw WorkerError("redis worker " + std::to_string(worker.process.pid()) + " " + *status + " at start");
    if (Clock::now() >= until) throw WorkerError("redis workers did not register on " + driver_.where() + " within 10 s");
    std::this_thread::sleep_for(2ms);
  }
}

RedisPool::~RedisPool() {
  if (external_) return;
  try {
    std::vector<std::string> quit{"RPUSH", queue_.jobs()};
    quit.resize(2 + workers_.size(), "quit");
    driver_.command(quit);
  } catch (const RedisError&) {
  }
  const auto until = Clock::now() + 2s;  // one grace period for all, not one each
  for (auto& worker : workers_)
    if (!worker.process.wait_until(until)) worker.process.terminate();
  try {
    std::vector<std::string> keys{"DEL", queue_.jobs(), queue_.results(), queue_.workers()};
    for (const auto& worker : workers_) keys.push_back(queue_.processing(worker.id)), keys.push_back(queue_.alive(worker.id));
    driver_.command(keys);
  } catch (const RedisError&) {
  }
}

RedisPool::Worker RedisPool::spawn() {
  try {
    // The URL goes in the environment: it may carry a password, and `ps` shows command lines to all.
    Child process({worker_executable(), "--redis", "--queue", queue_.name},
                  {.in = Stdio::null(), .die_with_parent = true, .environment = {"CONCBENCH_REDIS_URL=" + url_}});
    ++spawned_;
    std::string id = host_name() + ":" + std::to_string(process.pid());  // the worker's default id
    return {std::move(process), std::move(id)};
  } catch (const SpawnError& error) {
    throw WorkerError(error.what());
  }
}

int RedisPool::replace_dead_workers() {
  int moved = 0;
  for (auto& worker : workers_) {
    if (!worker.process.wait_for(0ms)) continue;
    moved += reclaim(driver_, queue_, worker.id);
    worker = spawn();
  }
  return moved;
}

std::vector<pid_t> RedisPool::pids() const {
  std::vector<pid_t> pids;
  for (const auto& worker : workers_) pids.push_back(worker.process.pid());
  return pids;
}

std::vector<std::string> RedisPool::map(const std::vector<std::string>& jobs) {
  return map(jobs, [](std::size_t, const std::string&) {});
}

std::vector<std::string> RedisPool::map(const std::vector<std::string>& jobs,
                                        const std::function<void(std::size_t, const std::string&)>& on_done) {
  // Job ids carry the run, so a late result of an abandoned earlier run is never counted here.
  const std::string run = std::to_string(getpid()) + "." + std::to_string(++runs_);
  std::vector<std::string> values(jobs.size());
  std::vector<bool> done(jobs.size());
  if (!jobs.empty()) {
    std::vector<std::string> push{"RPUSH", queue_.jobs()};
    for (std::size_t i = 0; i < jobs.size(); ++i) push.push_back(run + ":" + std::to_string(i) + " " + jobs[i]);
    driver_.command(push);
  }
  const int spawned_before = spawned_;
  std::size_t finished = 0;
  auto deadline = Clock::now() + timeout_;
  auto next_check = Clock::now() + 100ms;
  while (finished < jobs.size()) {
    if (const auto result = driver_.blocking({"BLPOP", queue_.results(), "0.1"}, 100ms)) {
      const auto colon = result->find(':');
      const auto space = result->find(' ');
      if (colon == std::string::npos || space == std::string::npos || result->compare(0, colon, run) != 0) continue;
      const std::size_t index = std::stoull(result->substr(colon + 1, space - colon - 1));
      if (index >= jobs.size() || done[index]) continue;
      const std::string reply = result->substr(space + 1);
      if (reply.rfind("ok", 0) != 0) throw WorkerError("redis worker reported: " + reply + " during job '" + jobs[index] + "'");
      values[index] = reply.size() > 3 ? reply.substr(3) : std::string{};
      done[index] = true;
      ++finished;
      deadline = Clock::now() + timeout_;
      on_done(index, values[index]);
    }
    if (Clock::now() >= next_check) {
      reclaimed_ += replace_dead_workers() + reclaim_dead(driver_, queue_);
      if (spawned_ - spawned_before > static_cast<int>(jobs.size() + workers_.size()))
        throw WorkerError("redis workers keep dying: " + std::to_string(spawned_ - spawned_before) + " replaced in one map");
      next_check = Clock::now() + 100ms;
    }
    if (Clock::now() >= deadline)
      throw WorkerError("no job finished within " + std::to_string(timeout_.count()) + " ms on redis queue '" + queue_.name + "' at " +
                        driver_.where() + (external_ ? " (CONCBENCH_REDIS_WORKERS=external: are workers running?)" : ""));
  }
  return values;
}

}  // namespace concbench::redis
