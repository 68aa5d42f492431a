#include "workloads/common/redis_queue.hpp"

#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>

extern char** environ;

namespace concbench::redis {
namespace {

//! argv under `setpriv --pdeathsig TERM` where util-linux's setpriv exists: the process then
//! gets SIGTERM when the thread that started it ends — when concbench is killed, say — instead
//! of living on as an orphan that holds a port or waits on a queue forever.
std::vector<std::string> ending_with_us(std::vector<std::string> args) {
  static const bool have_setpriv = access("/usr/bin/setpriv", X_OK) == 0;
  if (have_setpriv) args.insert(args.begin(), {"/usr/bin/setpriv", "--pdeathsig", "TERM", "--"});
  return args;
}

using namespace std::chrono_literals;
using std::chrono::milliseconds;

timeval to_timeval(milliseconds ms) {
  return {static_cast<time_t>(ms.count() / 1000), static_cast<suseconds_t>(ms.count() % 1000 * 1000)};
}

struct Address {
  std::string host;
  int port = 6379;
};

//! redis://HOST:PORT[/DB] or HOST:PORT; no password or database selection.
Address parse_url(const std::string& url) {
  std::string rest = url.rfind("redis://", 0) == 0 ? url.substr(8) : url;
  rest = rest.substr(0, rest.find('/'));
  if (rest.find('@') != std::string::npos) throw RedisError("redis URL '" + url + "': passwords are not supported");
  Address address;
  const auto colon = rest.rfind(':');
  address.host = rest.substr(0, colon);
  if (colon != std::string::npos) {
    const std::string port = rest.substr(colon + 1);
    if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 ||
        (address.port = std::stoi(port)) == 0 || address.port > 65535)
      throw RedisError("redis URL '" + url + "': bad port '" + port + "'");
  }
  if (address.host.empty()) throw RedisError("redis URL '" + url + "': no host (expected redis://HOST:PORT)");
  return address;
}

using Reply = std::unique_ptr<redisReply, void (*)(void*)>;

std::optional<std::string> text(const redisReply* reply) {
  switch (reply->type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
      return std::string(reply->str, reply->len);
    case REDIS_REPLY_INTEGER:
      return std::to_string(reply->integer);
    case REDIS_REPLY_ARRAY:
      if (reply->elements > 0) return text(reply->element[reply->elements - 1]);
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

std::string milliseconds_text(milliseconds ms) { return std::to_string(ms.count()); }

//! Waits up to `grace` for a child to exit; true if it did (or is not our child).
bool reaped(pid_t pid, milliseconds grace, int* status = nullptr) {
  const auto until = std::chrono::steady_clock::now() + grace;
  int ignored = 0;
  for (;;) {
    const pid_t done = waitpid(pid, status ? status : &ignored, WNOHANG);
    if (done != 0) return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(5ms);
  }
}

void stop_process(pid_t pid) {
  if (pid <= 0) return;
  kill(pid, SIGTERM);
  if (!reaped(pid, 2s)) {
    kill(pid, SIGKILL);
    reaped(pid, 2s);
  }
}

std::string host_name() {
  char name[256] = {};
  gethostname(name, sizeof name - 1);
  return name;
}

//! A free TCP port on 127.0.0.1: bind port 0, read what the kernel chose, close. Another
//! process may take it before redis-server does; the launcher then tries again.
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  const bool ok = fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0;
  if (fd >= 0) close(fd);
  if (!ok) throw RedisError(std::string("cannot find a free port on 127.0.0.1: ") + std::strerror(errno));
  return ntohs(address.sin_port);
}

std::string last_line(const std::string& path) {
  std::ifstream file(path);
  std::string line, last;
  while (std::getline(file, line))
    if (!line.empty()) last = line;
  return last;
}

// Pushes the result only if the job is still this worker's: a job reclaimed from a worker
// thought dead is counted when its new owner finishes it, not twice.
constexpr const char* finish_script =
    "if redis.call('LREM', KEYS[2], 1, ARGV[2]) == 1 then redis.call('RPUSH', KEYS[1], ARGV[1]) end return 1";

}  // namespace

Connection::Connection(const std::string& url, milliseconds timeout) : url_(url), timeout_(timeout) {
  const Address address = parse_url(url);
  context_ = redisConnectWithTimeout(address.host.c_str(), address.port, to_timeval(timeout));
  if (context_ == nullptr) throw RedisError("cannot connect to redis at " + url + ": out of memory");
  if (context_->err) {
    const std::string why = context_->errstr;
    redisFree(context_);
    context_ = nullptr;
    throw RedisError("cannot connect to redis at " + url + " within " + milliseconds_text(timeout) + " ms: " + why);
  }
  redisSetTimeout(context_, to_timeval(timeout));
  try {
    command({"PING"});  // a listener that is not an answering Redis fails here, not later
  } catch (...) {
    redisFree(context_);  // no destructor runs for a constructor that throws
    throw;
  }
}

Connection::~Connection() {
  if (context_) redisFree(context_);
}

void* Connection::run(const std::vector<std::string>& args) {
  if (context_ == nullptr || context_->err)
    throw RedisError("redis connection to " + url_ + " is unusable after an earlier error");
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& arg : args) argv.push_back(arg.data()), lengths.push_back(arg.size());
  auto* reply = static_cast<redisReply*>(redisCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data()));
  if (reply == nullptr) {
    std::string why = context_->errstr;
    if (why.find("temporarily unavailable") != std::string::npos) why = "no answer within the timeout";
    throw RedisError("redis at " + url_ + ": " + args.front() + " failed: " + why);
  }
  if (reply->type == REDIS_REPLY_ERROR) {
    const std::string why(reply->str, reply->len);
    freeReplyObject(reply);
    throw RedisError("redis at " + url_ + ": " + args.front() + ": " + why);
  }
  return reply;
}

std::optional<std::string> Connection::command(const std::vector<std::string>& args) {
  const Reply reply(static_cast<redisReply*>(run(args)), freeReplyObject);
  return text(reply.get());
}

std::optional<std::string> Connection::blocking(const std::vector<std::string>& args, milliseconds block) {
  redisSetTimeout(context_, to_timeval(timeout_ + block));
  auto value = command(args);
  redisSetTimeout(context_, to_timeval(timeout_));
  return value;
}

std::vector<std::string> Connection::strings(const std::vector<std::string>& args) {
  const Reply reply(static_cast<redisReply*>(run(args)), freeReplyObject);
  std::vector<std::string> values;
  if (reply->type == REDIS_REPLY_ARRAY)
    for (std::size_t i = 0; i < reply->elements; ++i)
      if (auto value = text(reply->element[i])) values.push_back(std::move(*value));
  return values;
}

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
    connection.command({"SET", queue.alive(id), "1", "PX", milliseconds_text(heartbeat_ttl)});  // alive before listed
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

EmbeddedServer::EmbeddedServer() {
  std::string pattern = (std::filesystem::temp_directory_path() / "concbench-redis-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw RedisError(std::string("cannot make a directory for redis-server: ") + std::strerror(errno));
  directory_ = pattern;
  const char* configured = std::getenv("CONCBENCH_REDIS_SERVER");
  const std::string program = configured && *configured ? configured : "redis-server";
  const std::string log = directory_ + "/redis.log";
  std::string why;
  for (int attempt = 0; attempt < 3; ++attempt) {
    const std::string port = std::to_string(free_port());
    auto args = ending_with_us({program, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                "--dir", directory_, "--daemonize", "no", "--logfile", ""});
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    const int spawned = posix_spawnp(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
      std::filesystem::remove_all(directory_);
      throw RedisError("cannot start " + program + ": " + std::strerror(spawned) +
                       " (install redis-server with scripts/setup, or set CONCBENCH_REDIS_URL)");
    }
    url_ = "redis://127.0.0.1:" + port;
    const auto until = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < until) {
      if (reaped(pid_, 0ms)) {
        why = program + " exited: " + last_line(log);
        pid_ = -1;
        break;
      }
      try {
        Connection probe(url_, 200ms);
        return;
      } catch (const RedisError& error) {
        why = error.what();
      }
      std::this_thread::sleep_for(20ms);
    }
    stop_process(pid_);
    pid_ = -1;
  }
  std::filesystem::remove_all(directory_);
  throw RedisError("cannot start a redis-server of our own: " + why);
}

EmbeddedServer::~EmbeddedServer() {
  stop_process(pid_);
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

std::string server_url() {
  if (const char* url = std::getenv("CONCBENCH_REDIS_URL"); url && *url) return url;
  static const EmbeddedServer server;
  return server.url();
}

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
  try {
    for (int i = 0; i < std::max(1, workers); ++i) workers_.push_back(spawn());
    const auto until = Clock::now() + 10s;
    while (driver_.command({"SCARD", queue_.workers()}) != std::to_string(workers_.size())) {
      for (const auto& worker : workers_)
        if (reaped(worker.pid, 0ms)) throw WorkerError("redis worker " + std::to_string(worker.pid) + " exited at start");
      if (Clock::now() >= until) throw WorkerError("redis workers did not register on " + url_ + " within 10 s");
      std::this_thread::sleep_for(2ms);
    }
  } catch (...) {
    for (const auto& worker : workers_) stop_process(worker.pid);
    throw;
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
  for (const auto& worker : workers_)
    if (!reaped(worker.pid, std::chrono::duration_cast<milliseconds>(std::max(Clock::duration{}, until - Clock::now()))))
      stop_process(worker.pid);
  try {
    std::vector<std::string> keys{"DEL", queue_.jobs(), queue_.results(), queue_.workers()};
    for (const auto& worker : workers_) keys.push_back(queue_.processing(worker.id)), keys.push_back(queue_.alive(worker.id));
    driver_.command(keys);
  } catch (const RedisError&) {
  }
}

RedisPool::Worker RedisPool::spawn() {
  const std::string path = worker_executable();
  if (access(path.c_str(), X_OK) != 0) throw WorkerError("cannot start " + path + ": " + std::strerror(errno));
  auto args = ending_with_us({path, "--redis", url_, "--queue", queue_.name});
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw WorkerError("cannot start " + path + ": " + std::strerror(spawned));
  ++spawned_;
  return {pid, host_name() + ":" + std::to_string(pid)};  // the worker's default id
}

int RedisPool::replace_dead_workers() {
  int moved = 0;
  for (auto& worker : workers_) {
    int status = 0;
    if (!reaped(worker.pid, 0ms, &status)) continue;
    moved += reclaim(driver_, queue_, worker.id);
    worker = spawn();
  }
  return moved;
}

std::vector<pid_t> RedisPool::pids() const {
  std::vector<pid_t> pids;
  for (const auto& worker : workers_) pids.push_back(worker.pid);
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
      throw WorkerError("no job finished within " + milliseconds_text(timeout_) + " ms on redis queue '" + queue_.name + "' at " +
                        url_ + (external_ ? " (CONCBENCH_REDIS_WORKERS=external: are workers running?)" : ""));
  }
  return values;
}

}  // namespace concbench::redis
