#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "workloads/common/child_process.hpp"
#include "workloads/common/redis/connection.hpp"
#include "workloads/common/redis/embedded_server.hpp"
#include "workloads/common/redis/queue.hpp"
#include "workloads/common/redis/worker_pool.hpp"
#include "workloads/common/request_log.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"
#include "workloads/pipeline/pipeline.hpp"

namespace {

using namespace concbench::redis;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

//! A TCP socket on 127.0.0.1 that listens but never accepts: connecting works, nothing answers.
class SilentListener {
 public:
  SilentListener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    listen(fd_, 8);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
  }
  ~SilentListener() { close(fd_); }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_ = -1;
  int port_ = 0;
};

//! A URL on which nothing listens: a silent listener's port, once it is closed.
std::string refused_url() { return SilentListener().url(); }

template <class Call>
void expect_redis_error(Call call, const std::string& expected, std::chrono::seconds limit = 5s) {
  const auto start = Clock::now();
  try {
    call();
    ADD_FAILURE() << "no RedisError";
  } catch (const RedisError& error) {
    EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
  }
  EXPECT_LT(Clock::now() - start, limit) << "took too long: a hang, not a clear error";
}

//! Sets an environment variable for one test's lifetime.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) { setenv(name, value.c_str(), 1); }
  ~ScopedEnv() { unsetenv(name_); }

 private:
  const char* name_;
};

//! A worker started by hand, as on another host.
concbench::Child start_worker(const std::string& url, const std::string& queue) {
  return concbench::Child({concbench::worker_executable(), "--redis", url, "--queue", queue});
}

//! Waits until some worker of `queue` holds a job in its processing list — it is running it —
//! and SIGKILLs that worker (its id ends in its pid); returns the pid, or -1 after `limit`.
pid_t kill_worker_mid_job(const std::string& url, const Queue& queue, std::chrono::seconds limit = 20s) {
  Connection redis(url);
  for (const auto until = Clock::now() + limit; Clock::now() < until; std::this_thread::sleep_for(1ms))
    for (const auto& id : redis.strings({"SMEMBERS", queue.workers()}))
      if (!redis.strings({"LRANGE", queue.processing(id), "0", "-1"}).empty()) {
        const pid_t pid = std::stoi(id.substr(id.rfind(':') + 1));
        kill(pid, SIGKILL);
        return pid;
      }
  return -1;
}

//! 12 chunks of 40M terms each: tens of milliseconds per job, so a kill lands inside one.
std::vector<std::string> long_jobs(std::uint64_t& expected) {
  constexpr std::uint64_t n = 480'000'000;
  std::vector<std::string> jobs;
  expected = 0;
  for (const auto chunk : concbench::split(1, n + 1, 12)) {
    jobs.push_back("cpu_sum " + std::to_string(chunk.first) + " " + std::to_string(chunk.last));
    expected += cpu_sum::sum_range(chunk);
  }
  return jobs;
}

void expect_queue_empty(const std::string& url, const Queue& queue) {
  Connection redis(url);
  EXPECT_EQ(redis.command({"LLEN", queue.jobs()}), "0");
  EXPECT_EQ(redis.command({"LLEN", queue.results()}), "0") << "a result left over: a job ran twice";
  for (const auto& id : redis.strings({"SMEMBERS", queue.workers()}))
    EXPECT_EQ(redis.command({"LLEN", queue.processing(id)}), "0") << id;
}

TEST(RedisConnection, RefusedIsAClearErrorAtOnce) {
  expect_redis_error([] { Connection redis(refused_url(), 500ms); }, "cannot connect to redis at", 2s);
}

TEST(RedisConnection, SilentServerTimesOut) {
  SilentListener silent;
  expect_redis_error([&] { Connection redis(silent.url(), 300ms); }, "no answer within the timeout", 3s);
}

TEST(RedisConnection, BadUrlIsAClearError) {
  expect_redis_error([] { Connection redis("redis://127.0.0.1:99999"); }, "bad port");
  expect_redis_error([] { Connection redis("redis://secret@127.0.0.1:6379"); }, "no password before '@'");
  expect_redis_error([] { Connection redis("redis://:@127.0.0.1:6379"); }, "empty password");
  expect_redis_error([] { Connection redis("redis://:bad%zz@127.0.0.1:6379"); }, "bad %-escape in the password");
  expect_redis_error([] { Connection redis("rediss://127.0.0.1:6379"); }, "expected redis://HOST:PORT");
}

TEST(RedisConnection, UrlCarriesUserAndPassword) {
  const auto address = parse_url("redis://alice:p%40ss%3Aword@db.example:6380/2");
  EXPECT_EQ(address.host, "db.example");
  EXPECT_EQ(address.port, 6380);
  EXPECT_EQ(address.user, "alice");
  EXPECT_EQ(address.password, "p@ss:word");
  EXPECT_EQ(parse_url("redis://:s3cret@127.0.0.1:6379").password, "s3cret");
  EXPECT_EQ(parse_url("127.0.0.1:6379").password, "");
}

//! Runs `call`, which must throw a RedisError that names the server and never the password.
template <class Call>
void expect_no_password_in_error(Call call, const std::string& expected, const std::string& password) {
  try {
    call();
    ADD_FAILURE() << "no RedisError";
  } catch (const RedisError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find(expected), std::string::npos) << what;
    EXPECT_EQ(what.find(password), std::string::npos) << "the password is in the message: " << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << "not one line: " << what;
  }
}

TEST(RedisConnection, PasswordIsSentAndAWrongOrMissingOneIsAClearError) {
  const std::string password = "c0rrect-h0rse-" + std::to_string(getpid());
  const EmbeddedServer server(password);
  ASSERT_NE(server.url().find(":" + password + "@127.0.0.1:"), std::string::npos) << server.url();
  Connection right(server.url());
  EXPECT_EQ(right.command({"PING"}), "PONG");
  const std::string where = right.where();  // 127.0.0.1:PORT

  const auto start = Clock::now();
  expect_no_password_in_error([&] { Connection redis("redis://:wr0ng-" + password + "@" + where, 500ms); },
                              "redis at " + where + " refused the password", password);
  expect_no_password_in_error([&] { Connection redis("redis://" + where, 500ms); },
                              "redis at " + where + " wants a password", password);
  expect_no_password_in_error([&] { Connection redis("redis://nobody:" + password + "@" + where, 500ms); },
                              "refused the password of user 'nobody'", password);
  EXPECT_LT(Clock::now() - start, 5s) << "a hang, not a clear error";

  // AUTH USER PASSWORD: the default user with the same password.
  Connection as_default("redis://default:" + password + "@" + where);
  EXPECT_EQ(as_default.command({"PING"}), "PONG");
}

TEST(RedisConnection, SilentServerTimesOutDuringAuth) {
  SilentListener silent;
  const std::string url = silent.url();
  expect_redis_error([&] { Connection redis("redis://:secret@" + url.substr(8), 300ms); }, "AUTH failed: no answer within the timeout", 3s);
}

TEST(RedisPool, WorksWithAPasswordInTheUrl) {
  const EmbeddedServer server("pool-" + std::to_string(getpid()));
  const ScopedEnv url("CONCBENCH_REDIS_URL", server.url());
  RedisPool pool(1);
  EXPECT_EQ(pool.map({"cpu_sum 1 11", "ping"}), (std::vector<std::string>{std::to_string(cpu_sum::sum_range(1, 11)), "pong"}));
}

//! The command line (arguments joined by spaces) of every process descended from this one, as
//! `ps` shows it to every local user.
std::map<pid_t, std::string> descendants_command_lines() {
  std::multimap<pid_t, pid_t> children;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line) || line.rfind(')') == std::string::npos) continue;  // gone meanwhile
    std::istringstream after_name(line.substr(line.rfind(')') + 1));
    char state = 0;
    pid_t parent = 0;
    if (after_name >> state >> parent) children.emplace(parent, std::stoi(name));
  }
  std::map<pid_t, std::string> lines;
  std::vector<pid_t> todo{getpid()};
  while (!todo.empty()) {
    const pid_t pid = todo.back();
    todo.pop_back();
    for (auto [child, end] = children.equal_range(pid); child != end; ++child) {
      std::ifstream file("/proc/" + std::to_string(child->second) + "/cmdline");
      std::string line((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
      std::replace(line.begin(), line.end(), '\0', ' ');
      lines[child->second] = line;
      todo.push_back(child->second);
    }
  }
  return lines;
}

// A password in CONCBENCH_REDIS_URL reaches the processes concbench starts through their
// environment, never their command line: not the redis model's workers, not the pipeline's
// redis stages, not its Python script or the processes that script forks.
TEST(RedisSecrets, NoPasswordOnAnyChildsCommandLine) {
  const std::string password = "n0t-in-ps-" + std::to_string(getpid());
  const EmbeddedServer server(password);
  const ScopedEnv url("CONCBENCH_REDIS_URL", server.url());
  RedisPool pool(2);
  EXPECT_EQ(pool.map({"ping", "ping"}), (std::vector<std::string>{"pong", "pong"}));  // they did get the password
  const pipeline::Spec spec{1, 4, 0, 0, 1, 0, false, false};
  std::vector<pipeline::Runner> pipelines;
  for (const char* name : {"redis", "py_redis"})
    if (const auto* model = pipeline::models().find(name)) {
      pipelines.push_back(model->make(spec));
      concbench::RequestLog log(static_cast<int>(spec.items));
      EXPECT_EQ(pipelines.back()(log).delivered, pipeline::expected(spec)) << name;
    }
  const auto lines = descendants_command_lines();
  for (const pid_t worker : pool.pids()) EXPECT_TRUE(lines.contains(worker)) << "worker " << worker << " not found";
  EXPECT_GE(lines.size(), 3u + pipelines.size()) << "the server, 2 workers and the pipelines' processes";
  for (const auto& [pid, line] : lines) EXPECT_EQ(line.find(password), std::string::npos) << "pid " << pid << ": " << line;
}

TEST(RedisConnection, EmbeddedServerAnswersAndBlockingCommandsTimeOut) {
  Connection redis(server_url());
  EXPECT_EQ(redis.command({"PING"}), "PONG");
  const auto start = Clock::now();
  EXPECT_EQ(redis.blocking({"BLPOP", "concbench:test:nothing", "0.2"}, 200ms), std::nullopt);
  EXPECT_LT(Clock::now() - start, 2s);
}

TEST(RedisPool, UnreachableConfiguredServerIsAClearError) {
  const ScopedEnv url("CONCBENCH_REDIS_URL", refused_url());
  expect_redis_error([] { RedisPool pool(2); }, "cannot connect to redis at", 3s);
}

TEST(RedisPool, ValuesInJobOrderCallbacksInCompletionOrder) {
  RedisPool pool(2);
  std::vector<std::size_t> finished;
  const auto values = pool.map({"sleep_ms 300", "cpu_sum 1 11", "ping"},
                               [&](std::size_t job, const std::string&) { finished.push_back(job); });
  EXPECT_EQ(values, (std::vector<std::string>{"", std::to_string(cpu_sum::sum_range(1, 11)), "pong"}));
  EXPECT_EQ(finished.back(), 0u);
  EXPECT_EQ(pool.map({}), std::vector<std::string>{});
}

TEST(RedisPool, WorkerErrorsAreReported) {
  RedisPool pool(1);
  try {
    pool.map({"no_such_job 1"});
    ADD_FAILURE() << "no WorkerError";
  } catch (const concbench::WorkerError& error) {
    EXPECT_NE(std::string(error.what()).find("unknown job 'no_such_job'"), std::string::npos) << error.what();
  }
}

TEST(RedisPool, ServerDyingMidRunIsAClearErrorNotAHang) {
  auto server = std::make_unique<EmbeddedServer>();
  const ScopedEnv url("CONCBENCH_REDIS_URL", server->url());
  RedisPool pool(2);
  std::jthread killer([&] {
    std::this_thread::sleep_for(300ms);
    server.reset();
  });
  expect_redis_error([&] { pool.map({"sleep_ms 20000", "sleep_ms 20000"}); }, "redis at", 10s);
}

// The reliable queue's promise: a worker SIGKILLed in the middle of a job loses nothing — its
// job goes back on the list and runs once more elsewhere — and nothing is counted twice.
TEST(RedisCrash, LocalWorkerKilledMidJobIsReplacedAndItsJobRunOnce) {
  RedisPool pool(2);
  std::uint64_t expected = 0;
  const auto jobs = long_jobs(expected);
  std::jthread killer([&] { kill_worker_mid_job(server_url(), pool.queue()); });
  std::uint64_t total = 0;
  for (const auto& partial : pool.map(jobs)) total += std::stoull(partial);
  killer.join();
  EXPECT_EQ(total, expected);
  EXPECT_GE(pool.reclaimed(), 1) << "the killed worker's job was not put back";
  expect_queue_empty(server_url(), pool.queue());
}

// Workers the driver did not start (another host, say): it cannot see them die, so their
// heartbeat key expires and the driver reclaims the job.
TEST(RedisCrash, ExternalWorkerKilledMidJobIsReclaimedAfterItsHeartbeat) {
  const std::string queue_name = "concbench:test:external:" + std::to_string(getpid());
  const ScopedEnv mode("CONCBENCH_REDIS_WORKERS", "external");
  const ScopedEnv queue_env("CONCBENCH_REDIS_QUEUE", queue_name);
  const std::string url = server_url();
  const Queue queue{queue_name};
  concbench::Child workers[] = {start_worker(url, queue_name), start_worker(url, queue_name)};
  {
    RedisPool pool(2, 30s);  // a clear error well within ctest's 120 s should the workers not run
    std::uint64_t expected = 0;
    const auto jobs = long_jobs(expected);
    pid_t victim = -1;
    std::jthread killer([&] { victim = kill_worker_mid_job(url, queue); });
    std::uint64_t total = 0;
    for (const auto& partial : pool.map(jobs)) total += std::stoull(partial);
    killer.join();
    EXPECT_NE(victim, -1);
    EXPECT_EQ(total, expected);
    EXPECT_GE(pool.reclaimed(), 1);
    expect_queue_empty(url, queue);
  }
  Connection redis(url);
  redis.command({"RPUSH", queue.jobs(), "quit", "quit"});
  for (auto& worker : workers) worker.wait_for(5s);  // the one killed is reaped at once; the others quit
  redis.command({"DEL", queue.jobs(), queue.results(), queue.workers()});
}

TEST(RedisWorker, BadArgumentsAndADeadServerAreOneLineErrors) {
  const std::string worker = concbench::worker_executable();
  EXPECT_EQ(WEXITSTATUS(std::system(("CONCBENCH_REDIS_URL= " + worker + " --redis 2>/dev/null").c_str())), 2);  // no server named
  EXPECT_EQ(WEXITSTATUS(std::system((worker + " --redis x --bogus y 2>/dev/null").c_str())), 2);
  const auto start = Clock::now();
  EXPECT_EQ(WEXITSTATUS(std::system((worker + " --redis " + refused_url() + " 2>/dev/null").c_str())), 1);
  EXPECT_EQ(WEXITSTATUS(std::system(("CONCBENCH_REDIS_URL=" + refused_url() + " " + worker + " --redis --queue q 2>/dev/null").c_str())), 1);
  EXPECT_LT(Clock::now() - start, 10s);
}

}  // namespace
