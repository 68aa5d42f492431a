#include <unistd.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <vector>

#include "workloads/common/process_pool.hpp"
#include "workloads/common/redis/connection.hpp"
#include "workloads/common/redis/embedded_server.hpp"
#include "workloads/pipeline/pipeline.hpp"

namespace pipeline {
namespace {

using concbench::redis::Connection;
constexpr std::chrono::seconds timeout{60};  // no wait on the server or another stage is unbounded

//! The keys of one pipeline: the item list between the stages, the free-slot tokens that make
//! it bounded, the count of washers still running, and each washer's acknowledgement list.
struct Keys {
  std::string queue;
  std::string items() const { return queue + ":items"; }
  std::string slots() const { return queue + ":slots"; }
  std::string washers_left() const { return queue + ":washers_left"; }
  std::string dried(int producer) const { return queue + ":dried:" + std::to_string(producer); }
};

void take(Connection& redis, const std::string& list, const char* what) {
  if (!redis.blocking({"BLPOP", list, std::to_string(timeout.count())}, timeout))
    throw std::runtime_error(std::string("pipeline on redis: no ") + what + " within 60 s");
}

}  // namespace

std::string produce_on_redis(const std::string& url, const std::string& queue, int producer, const Spec& spec) {
  Connection redis(url);
  const Keys keys{queue};
  std::int64_t deepest = 0;
  const auto items = items_of(spec, producer);
  for (std::uint64_t id = items.first; id < items.last; ++id) {
    const auto due_ns = clock_ns(concbench::RequestClock::now());  // the closed loop's due time: now
    serve(spec.wash, spec);
    if (spec.capacity > 0) take(redis, keys.slots(), "free slot");
    const auto length =
        redis.command({"RPUSH", keys.items(), std::to_string(id) + " " + std::to_string(producer) + " " + std::to_string(due_ns)});
    deepest = std::max<std::int64_t>(deepest, std::stoll(length.value_or("0")));
    if (spec.acknowledge) take(redis, keys.dried(producer), "acknowledgement");
  }
  if (redis.command({"DECR", keys.washers_left()}) == "0") {
    std::vector<std::string> stops{"RPUSH", keys.items()};
    stops.resize(2 + spec.consumers, "stop");
    redis.command(stops);
  }
  return std::to_string(deepest);
}

std::string consume_from_redis(const std::string& url, const std::string& queue, const Spec& spec) {
  Connection redis(url);
  const Keys keys{queue};
  DriedItems dried;
  for (;;) {
    const auto item = redis.blocking({"BLPOP", keys.items(), std::to_string(timeout.count())}, timeout);
    if (!item) throw std::runtime_error("pipeline on redis: no item within 60 s");
    if (*item == "stop") break;
    if (spec.capacity > 0) redis.command({"RPUSH", keys.slots(), "1"});
    std::istringstream words(*item);
    std::uint64_t id = 0;
    int producer = 0;
    std::int64_t due_ns = 0;
    if (!(words >> id >> producer >> due_ns)) throw std::runtime_error("pipeline on redis: a malformed item '" + item->substr(0, 80) + "'");
    serve(spec.dry, spec);
    dried.add(id, due_ns);
    if (spec.acknowledge) redis.command({"RPUSH", keys.dried(producer), "1"});
  }
  return dried.to_words();
}

//! The course's washer and dryers on a Redis list: P washer and C dryer processes (started
//! once) RPUSH and BLPOP items through the server; a list of Q free-slot tokens is the bound
//! (BLPOP a token before each push, give it back on each pop), and request-response waits on a
//! per-washer acknowledgement list. Each item carries its due time (clock_ns: CLOCK_MONOTONIC)
//! and its dryer measures the latency, which holds because both stages are this host's
//! processes (the pool below; CONCBENCH_REDIS_WORKERS=external does not move them, only
//! CONCBENCH_REDIS_URL moves the server, which reads no clock). Stages on two hosts read two
//! clocks: they would have to measure at the washer on acknowledgement, or report no latency.
Runner make_redis(const Spec& spec) {
  const std::string url = concbench::redis::server_url();
  auto redis = std::make_shared<Connection>(url);
  static std::atomic<int> queues{0};
  const Keys keys{"concbench:pipeline:" + std::to_string(getpid()) + ":" + std::to_string(++queues)};
  // The URL (maybe with a password) goes in the workers' environment, not in their jobs' text.
  auto pool = std::make_shared<concbench::ProcessPool>(spec.producers + spec.consumers, std::chrono::minutes(5),
                                                       std::vector<std::string>{"CONCBENCH_REDIS_URL=" + url});
  return [spec, keys, redis, pool](concbench::RequestLog& log) {
    redis->command({"SET", keys.washers_left(), std::to_string(spec.producers)});
    if (spec.capacity > 0) {
      std::vector<std::string> tokens{"RPUSH", keys.slots()};
      tokens.resize(2 + spec.capacity, "1");
      redis->command(tokens);
    }
    std::vector<std::string> jobs;
    for (int p = 0; p < spec.producers; ++p)
      jobs.push_back("pipeline_redis_produce " + keys.queue + " " + std::to_string(p) + " " + to_words(spec));
    for (int c = 0; c < spec.consumers; ++c) jobs.push_back("pipeline_redis_consume " + keys.queue + " " + to_words(spec));
    const auto replies = pool->map(jobs);
    redis->command({"DEL", keys.slots(), keys.washers_left()});
    Result result;
    for (int p = 0; p < spec.producers; ++p) result.deepest = std::max<std::int64_t>(result.deepest, std::stoll(replies[p]));
    for (int c = 0; c < spec.consumers; ++c) DriedItems::read(replies[spec.producers + c], result.delivered, log);
    return result;
  };
}

const bool added = models().add({.name = "redis",
                                  .what = "producer and consumer processes on a Redis list (RPUSH/BLPOP)",
                                  .make = make_redis, .in_processes = true});

}  // namespace pipeline
