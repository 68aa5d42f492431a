// concbench_worker: the worker process behind the `process` model. It reads one job per line
// on standard input and answers one line on standard output, "ok <value>" or "error <why>",
// until its input ends. ProcessPool (workloads/common/process_pool.hpp) starts and feeds it.
// With --redis it is a worker of the `redis` model instead, on this host or any other: it takes
// the same jobs from a Redis list until a "quit" message (RedisPool feeds it). With
// --ping-pong CPU it is the partner process of context_switch/process.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstdint>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>

#include "workloads/array_sum/array_sum.hpp"
#include "workloads/common/http_client.hpp"
#include "workloads/common/redis/queue.hpp"
#include "workloads/context_switch/context_switch.hpp"
#include "workloads/cpu_sum/cpu_sum.hpp"
#include "workloads/grain/grain.hpp"
#include "workloads/pipeline/pipeline.hpp"

namespace {

using Job = std::function<std::string(std::istringstream& args)>;

std::uint64_t read_number(std::istringstream& args, const char* name) {
  std::uint64_t value = 0;
  if (!(args >> value)) throw std::invalid_argument(std::string("expected a non-negative integer ") + name);
  return value;
}

//! $CONCBENCH_REDIS_URL, the server of the pipeline's redis stages.
std::string redis_url() {
  const char* url = std::getenv("CONCBENCH_REDIS_URL");
  if (url == nullptr || *url == '\0') throw std::invalid_argument("CONCBENCH_REDIS_URL is not set: it names the Redis server");
  return url;
}

//! Every job a worker can run: its first word, then its arguments.
const std::map<std::string, Job>& jobs() {
  static const std::map<std::string, Job> table{
      {"ping", [](std::istringstream&) { return std::string("pong"); }},
      // cpu_sum FIRST LAST: sum f(i) over [FIRST, LAST)
      {"cpu_sum",
       [](std::istringstream& args) {
         const auto first = read_number(args, "FIRST");
         const auto last = read_number(args, "LAST");
         return std::to_string(cpu_sum::sum_range(first, last));
       }},
      // grain_task FIRST LAST: grain::sum_task over [FIRST, LAST), the same machine code as the
      // in-process models of the grain workload
      {"grain_task",
       [](std::istringstream& args) {
         const auto first = read_number(args, "FIRST");
         const auto last = read_number(args, "LAST");
         return std::to_string(grain::sum_task({first, last}));
       }},
      // array_sum NAME COUNT FIRST LAST: the sum of [FIRST, LAST) of the shared array NAME of
      // COUNT elements, which the worker maps once (array_sum's process_shared model)
      {"array_sum",
       [](std::istringstream& args) {
         std::string name;
         args >> name;
         const auto count = read_number(args, "COUNT");
         const auto first = read_number(args, "FIRST");
         const auto last = read_number(args, "LAST");
         return std::to_string(array_sum::sum_attached(name, count, first, last));
       }},
      // sleep_ms MS: a simulated blocking I/O wait
      {"sleep_ms",
       [](std::istringstream& args) {
         std::this_thread::sleep_for(std::chrono::milliseconds(read_number(args, "MS")));
         return std::string{};
       }},
      // http_get http://HOST:PORT/TARGET: one blocking GET, answered "<status> <body>"
      {"http_get",
       [](std::istringstream& args) {
         std::string url;
         args >> url;
         const auto path = url.find('/', url.find("://") == std::string::npos ? 0 : url.find("://") + 3);
         const auto reply = concbench::http_get(concbench::parse_http_url(url.substr(0, path)),
                                                path == std::string::npos ? "/" : url.substr(path));
         return std::to_string(reply.status) + " " + reply.body;
       }},
      // pipeline_produce RING PRODUCER SPEC... / pipeline_consume RING SPEC...: a stage of the
      // pipeline's process model on a shared-memory ring
      {"pipeline_produce",
       [](std::istringstream& args) {
         std::string ring;
         args >> ring;
         const auto producer = static_cast<int>(read_number(args, "PRODUCER"));
         return pipeline::produce_on_ring(ring, producer, pipeline::from_words(args));
       }},
      {"pipeline_consume",
       [](std::istringstream& args) {
         std::string ring;
         args >> ring;
         return pipeline::consume_from_ring(ring, pipeline::from_words(args));
       }},
      // pipeline_redis_produce QUEUE PRODUCER SPEC... / pipeline_redis_consume QUEUE SPEC...: on
      // the server at $CONCBENCH_REDIS_URL (a job's text is quoted in errors: no password in it)
      {"pipeline_redis_produce",
       [](std::istringstream& args) {
         std::string queue;
         args >> queue;
         const auto producer = static_cast<int>(read_number(args, "PRODUCER"));
         return pipeline::produce_on_redis(redis_url(), queue, producer, pipeline::from_words(args));
       }},
      {"pipeline_redis_consume",
       [](std::istringstream& args) {
         std::string queue;
         args >> queue;
         return pipeline::consume_from_redis(redis_url(), queue, pipeline::from_words(args));
       }},
  };
  return table;
}

//! One job line's answer: "ok <value>" or "error <why>".
std::string run_line(const std::string& line) {
  std::istringstream args(line);
  std::string name;
  args >> name;
  try {
    const auto job = jobs().find(name);
    return job == jobs().end() ? "error unknown job '" + name + "'" : "ok " + job->second(args);
  } catch (const std::exception& error) {
    return std::string("error ") + error.what();
  }
}

//! concbench_worker --redis [URL] [--queue NAME] [--id ID]. Without URL, the server is
//! $CONCBENCH_REDIS_URL's: a URL may carry a password, and a command line is visible to every
//! local user (ps), an environment only to its owner.
int serve_redis(int argc, char** argv) {
  std::string url, queue = "concbench", id;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const bool has_value = i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0;
    if (flag == "--redis" && !has_value) continue;
    if (!has_value || (flag != "--redis" && flag != "--queue" && flag != "--id")) {
      std::cerr << "concbench_worker: usage: concbench_worker [--redis [URL] [--queue NAME] [--id ID]] ('" << flag << "' given)\n";
      return 2;
    }
    (flag == "--redis" ? url : flag == "--queue" ? queue : id) = argv[++i];
  }
  if (!url.empty() && url.find('@') != std::string::npos)
    std::cerr << "concbench_worker: warning: a password in --redis URL is visible to every local user (ps); set CONCBENCH_REDIS_URL instead\n";
  if (const char* variable = std::getenv("CONCBENCH_REDIS_URL"); url.empty() && variable) url = variable;
  if (url.empty()) {
    std::cerr << "concbench_worker: --redis needs a server: set CONCBENCH_REDIS_URL=redis://[:PASSWORD@]HOST:PORT (or give --redis URL)\n";
    return 2;
  }
  if (id.empty()) {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    id = std::string(host) + ":" + std::to_string(getpid());
  }
  try {
    concbench::redis::serve(url, {queue}, id, run_line);
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "concbench_worker " << id << ": " << error.what() << '\n';
    return 1;
  }
}

//! --ping-pong CPU: the partner of context_switch/process, pinned to CPU, on the socket that is
//! its standard input, until the other end closes.
int serve_ping_pong(int argc, char** argv) {
  char* end = nullptr;
  const long cpu = argc == 3 ? std::strtol(argv[2], &end, 10) : -1;
  if (argc != 3 || *end != '\0' || cpu < 0) {
    std::cerr << "concbench_worker: --ping-pong needs one CPU number\n";
    return 2;
  }
  context_switch::serve_ping_pong(STDIN_FILENO, static_cast<int>(cpu));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--redis") return serve_redis(argc, argv);
  if (argc > 1 && std::string(argv[1]) == "--ping-pong") return serve_ping_pong(argc, argv);
  if (argc > 1) {
    std::cerr << "concbench_worker: takes no arguments (it reads jobs on standard input), --redis [URL] or "
                 "--ping-pong CPU ("
              << argv[1] << " given)\n";
    return 2;
  }
  std::string line;
  while (std::getline(std::cin, line)) std::cout << run_line(line) << std::endl;  // flushed: the driver waits for it
  return 0;
}
